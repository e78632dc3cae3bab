package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorBudgetControllerTest {
    @Test
    void oneWrongAuditMovesTheThresholdByTheGain() {
        ErrorBudgetController c = new ErrorBudgetController(0.8, 0.02, 0.03, 0.1, 1, 1);
        c.observe(0, 0.9, true, 10, 0.7); // an audit at π = 0.1
        assertEquals(0.03, c.offset(0), 1e-12);
        assertEquals(0.73, c.apply(0, 0.7), 1e-12);
        // a right audit lowers it by gain · α′/(1 − α′) = 0.03 · 0.18/0.82
        c.observe(0, 0.9, false, 10, 0.7);
        assertEquals(0.03 - 0.03 * 0.18 / 0.82, c.offset(0), 1e-12);
        // outcomes below the operating threshold do not move it
        c.observe(0, 0.71, true, 1, 0.7);
        assertEquals(0.03 - 0.03 * 0.18 / 0.82, c.offset(0), 1e-12);
    }

    /**
     * The deterministic window bound: over every stretch of outcomes, whatever the sequence (here an adversary
     * that puts errors where the threshold is), the weighted errors above the operating threshold exceed α′ times
     * the weighted selected records by at most max/γ.
     */
    @Test
    void boundsWeightedErrorsInEveryWindowWhateverTheSequence() {
        ErrorBudgetController c = new ErrorBudgetController(0.9, 0.01, 0.05, 0.05, Double.POSITIVE_INFINITY, 1);
        SplittableRandom r = new SplittableRandom(9);
        int n = 20_000;
        double[] excess = new double[n + 1]; // prefix sums of w (error − α′) over selected outcomes
        double base = 0.6;
        for (int i = 0; i < n; i++) {
            double op = c.apply(0, base);
            double conf = Math.min(1, op + r.nextDouble() * 0.05); // just above, whenever anything can be
            boolean error = (i / 500) % 2 == 0 ? r.nextDouble() < 0.5 : r.nextDouble() < 0.02;
            double w = r.nextDouble() < 0.5 ? 20 : 1;
            boolean selected = conf >= op;
            c.observe(0, conf, error, w, base);
            excess[i + 1] = excess[i] + (selected ? w * ((error ? 1 : 0) - c.alphaPrime()) : 0);
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < n; a += 97) for (int b = a + 1; b <= n; b += 89) worst = Math.max(worst, excess[b] - excess[a]);
        assertTrue(worst <= c.windowSlack(base, 20) + 1e-6, "window excess " + worst + " > slack " + c.windowSlack(base, 20));
        assertTrue(worst > 0.5 * c.windowSlack(base, 20), "the adversary should come near the bound: " + worst);
    }

    @Test
    void offStaysOffAndResetRestarts() {
        ErrorBudgetController c = new ErrorBudgetController(0.95, 0.01, 0.03, 0.02, 1, 2);
        c.observe(1, 0.99, true, 50, 2.0);
        assertEquals(0, c.offset(1), 0.0, "no operating threshold: nothing to control");
        assertEquals(2.0, c.apply(1, 2.0), 0.0);
        c.observe(1, 0.99, true, 50, 0.9);
        assertTrue(c.offset(1) > 0);
        ErrorBudgetController back = ErrorBudgetController.restore(0.95, 0.01, 0.03, 0.02, 1, c.state());
        assertEquals(c.offset(1), back.offset(1), 0.0);
        c.reset();
        assertEquals(0, c.offset(1), 0.0);
    }
}
