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
        // outcomes below the base do not move it
        double now = c.offset(0);
        c.observe(0, 0.69, true, 1, 0.7);
        assertEquals(now, c.offset(0), 0.0);
        // a held-back record (between the base and the operating threshold) is reviewed, weight 1: it moves the
        // offset π times as much as an audit
        c.observe(0, 0.71, false, 1, 0.7);
        assertEquals(now - 0.1 * 0.03 * 0.18 / 0.82, c.offset(0), 1e-12);
    }

    /**
     * Liveness: one wrong audit lifts a high certified threshold above every confidence, so nothing is automated
     * and no audit comes. The held-back records are reviewed; when they are right the offset comes back down:
     * automation resumes after a few, and the offset is back at 0 after (1 − α′)/(π α′) of them, 23.3 at
     * π = 0.1 and α′ = 0.3.
     */
    @Test
    void heldBackReviewsBringTheOffsetDownAfterItLiftedTheThresholdAboveEveryConfidence() {
        ErrorBudgetController c = new ErrorBudgetController(0.7, 0.0, 0.06, 0.1, Double.POSITIVE_INFINITY, 1);
        double base = 0.95;
        c.observe(0, 0.99, true, 10, base);
        assertTrue(c.apply(0, base) > 1, "one wrong audit: nothing can be automated");
        int reviews = 0, resumed = -1;
        while (c.offset(0) > 0 && reviews < 1000) {
            c.observe(0, 0.97 + 0.02 * (reviews % 2), false, 1, base);
            reviews++;
            if (resumed < 0 && c.apply(0, base) <= 0.99) resumed = reviews;
        }
        assertEquals(24, reviews, "offset back at 0");
        assertEquals(8, resumed, "records at 0.99 automated again once the offset is below 0.04");
    }

    /**
     * The deterministic window bound: over every stretch of outcomes, whatever the sequence (here an adversary
     * that puts errors where the threshold is), the weighted errors above the base exceed α′ times the weighted
     * records there by at most the offset's largest rise over γ.
     */
    @Test
    void boundsWeightedErrorsInEveryWindowWhateverTheSequence() {
        ErrorBudgetController c = new ErrorBudgetController(0.9, 0.01, 0.05, 0.05, Double.POSITIVE_INFINITY, 1);
        SplittableRandom r = new SplittableRandom(9);
        int n = 20_000;
        double[] excess = new double[n + 1]; // prefix sums of w (error − α′) over selected outcomes
        double base = 0.6, highest = 0;
        for (int i = 0; i < n; i++) {
            double op = c.apply(0, base);
            double conf = Math.min(1, op + r.nextDouble() * 0.05); // just above, whenever anything can be
            boolean error = (i / 500) % 2 == 0 ? r.nextDouble() < 0.5 : r.nextDouble() < 0.02;
            double w = r.nextDouble() < 0.5 ? 20 : 1;
            boolean selected = conf >= base;
            c.observe(0, conf, error, w, base);
            highest = Math.max(highest, c.offset(0));
            excess[i + 1] = excess[i] + (selected ? w * ((error ? 1 : 0) - c.alphaPrime()) : 0);
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < n; a += 97) for (int b = a + 1; b <= n; b += 89) worst = Math.max(worst, excess[b] - excess[a]);
        assertTrue(worst <= c.windowSlack(highest, 20) + 1e-6, "window excess " + worst + " > slack " + c.windowSlack(highest, 20));
        assertTrue(worst > 0.5 * c.windowSlack(highest, 20), "the adversary should come near the bound: " + worst);
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
