package io.triage.policy.active;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveStrategiesTest {

    static List<Object[]> cases() {
        List<Object[]> c = new ArrayList<>();
        for (String n : ActiveStrategies.NAMES) {
            for (double b : new double[] {0.01, 0.05, 0.1, 0.2, 0.5}) c.add(new Object[] {n, b});
        }
        return c;
    }

    /** Posteriors of a 2-class model: mostly confident, a fifth near the boundary. */
    private static double[] proba(SplittableRandom r) {
        double top = r.nextDouble() < 0.2 ? 0.5 + 0.1 * r.nextDouble() : 0.6 + 0.4 * r.nextDouble();
        return new double[] {top, 1 - top};
    }

    @ParameterizedTest
    @MethodSource("cases")
    void labelingRateStaysWithinBudget(String name, double budget) {
        ActiveStrategy s = ActiveStrategies.create(name, budget);
        SplittableRandom r = new SplittableRandom(7);
        int n = 200_000;
        int labeled = 0;
        for (int i = 0; i < n; i++) {
            if (s.query(proba(r), ActiveDraw.uniform("m", "r" + i))) labeled++;
        }
        double rate = (double) labeled / n;
        assertTrue(rate <= budget + 0.005 + 0.02 * budget, name + " b=" + budget + " labeled " + rate);
        assertEquals(labeled, s.state().queried());
        assertEquals(n, s.state().seen());
    }

    @Test
    void uncertainStreamSpendsTheWholeBudget() {
        // all records maximally uncertain: every variable strategy is limited by the budget manager alone
        ActiveStrategy s = ActiveStrategies.create(ActiveStrategies.VAR, 0.1);
        int labeled = 0;
        for (int i = 0; i < 100_000; i++) if (s.query(new double[] {0.5, 0.5}, 0.3)) labeled++;
        assertEquals(0.1, labeled / 100_000.0, 0.005);
    }

    @Test
    void varUncertaintyThresholdMovesByTheStep() {
        VarUncertainty s = (VarUncertainty) ActiveStrategies.create(ActiveStrategies.VAR, 0.5);
        assertEquals(1.0, s.threshold());
        assertTrue(s.query(new double[] {0.7, 0.3}, 0.5)); // 0.7 < 1: labeled, θ ← θ(1−s)
        assertEquals(0.99, s.threshold(), 1e-12);
        assertTrue(!s.query(new double[] {0.995, 0.005}, 0.5)); // 0.995 ≥ 0.99: not labeled, θ ← θ(1+s)
        assertEquals(0.99 * 1.01, s.threshold(), 1e-12);
    }

    @Test
    void varUncertaintyThresholdIsFrozenWhileOverBudget() {
        VarUncertainty s = (VarUncertainty) ActiveStrategies.create(ActiveStrategies.VAR, 0.001);
        assertTrue(s.query(new double[] {0.5, 0.5}, 0.5)); // û = 0 < b
        double t = s.threshold();
        assertTrue(!s.query(new double[] {0.5, 0.5}, 0.5)); // û = 1/1000 ≥ b: strategy not consulted
        assertEquals(t, s.threshold());
    }

    @Test
    void varUncertaintyThresholdFollowsConfidence() {
        // a confident model: θ must rise until it labels its share, and settle just above the posteriors
        VarUncertainty s = (VarUncertainty) ActiveStrategies.create(ActiveStrategies.VAR, 0.1);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            double top = 0.95 + 0.05 * r.nextDouble();
            s.query(new double[] {top, 1 - top}, r.nextDouble());
        }
        assertTrue(s.threshold() > 0.94 && s.threshold() < 1.06, "θ=" + s.threshold());
    }

    @Test
    void randVarLabelsSomeConfidentRecords() {
        ActiveStrategy s = ActiveStrategies.create(ActiveStrategies.RAND_VAR, 0.2);
        ActiveStrategy v = ActiveStrategies.create(ActiveStrategies.VAR, 0.2);
        SplittableRandom r = new SplittableRandom(5);
        int confidentRand = 0, confidentVar = 0;
        for (int i = 0; i < 50_000; i++) {
            double top = r.nextDouble() < 0.5 ? 0.55 : 0.99;
            double u = ActiveDraw.uniform("m", "r" + i);
            if (s.query(new double[] {top, 1 - top}, u) && top > 0.9) confidentRand++;
            if (v.query(new double[] {top, 1 - top}, u) && top > 0.9) confidentVar++;
        }
        assertTrue(confidentRand > 100, "randomised: " + confidentRand);
        assertTrue(confidentVar < confidentRand, "var " + confidentVar + " vs rand " + confidentRand);
    }

    @Test
    void noModelMeansUncertain() {
        for (String n : List.of(ActiveStrategies.FIXED, ActiveStrategies.VAR)) {
            assertTrue(ActiveStrategies.create(n, 0.1).query(new double[0], 0.9), n);
        }
    }

    @Test
    void warmupIsFreeAndCounted() {
        ActiveStrategy s = ActiveStrategies.create(ActiveStrategies.RANDOM, ActiveSettings.defaults(0.01).withWarmup(50));
        for (int i = 0; i < 50; i++) assertTrue(s.query(new double[] {1, 0}, 0.99));
        assertEquals(0.0, s.state().expense());
        assertEquals(50, s.state().queried());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stateRoundTripContinuesIdentically(String name, double budget) {
        ActiveSettings set = ActiveSettings.defaults(budget);
        ActiveStrategy a = ActiveStrategies.create(name, set);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) a.query(proba(r), ActiveDraw.uniform("m", "a" + i));
        StrategyState st = a.state();
        ActiveStrategy b = ActiveStrategies.restore(name, set, st);
        assertEquals(st, b.state());
        for (int i = 0; i < 5_000; i++) {
            double[] p = proba(r);
            double u = ActiveDraw.uniform("m", "b" + i);
            assertEquals(a.query(p, u), b.query(p, u));
        }
        assertEquals(a.state(), b.state());
    }

    @Test
    void rejectsUnknownNamesAndBadBudgets() {
        assertThrows(IllegalArgumentException.class, () -> ActiveStrategies.create("margin", 0.1));
        assertThrows(IllegalArgumentException.class, () -> ActiveStrategies.create(ActiveStrategies.RANDOM, 0));
        assertThrows(IllegalArgumentException.class, () -> ActiveStrategies.create(ActiveStrategies.RANDOM, 1.5));
    }

    @Test
    void drawIsDeterministicAndIndependentOfAudit() {
        assertEquals(ActiveDraw.uniform("m", "x"), ActiveDraw.uniform("m", "x"));
        assertTrue(ActiveDraw.uniform("m", "x") != io.triage.policy.AuditSampler.uniform("m", "x"));
    }
}
