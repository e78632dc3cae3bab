package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.policy.Threshold;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CertificateTest {
    private static final double[] GRID = CandidateGrid.forClasses(2);

    @Test
    void theGridIsFixedAscendingAndCoversTheRange() {
        assertEquals(25, GRID.length);
        for (int i = 1; i < GRID.length; i++) assertTrue(GRID[i] > GRID[i - 1]);
        assertEquals(0.525, GRID[0], 1e-12);
        assertEquals(0.999, GRID[GRID.length - 1], 1e-12);
        assertEquals(0.1 + 0.9 / 20, CandidateGrid.forClasses(10)[0], 1e-12);
    }

    /**
     * The choice among 25 thresholds is paid for: when every threshold's precision is exactly the certified
     * p0 (a flat, weak model), the chance that any threshold is ever certified stays below the level.
     */
    @Test
    void certifiesNothingFalselyMoreOftenThanItsLevelAcrossAllCandidates() {
        double level = 0.1;
        int runs = 200, any = 0;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Certificate c = new Certificate(1, 0.8, level, GRID, 1, Threshold.OFF, 0);
            for (int i = 0; i < 4000; i++) c.observe(0, 0.5 + 0.5 * r.nextDouble(), r.nextDouble() < 0.2, 1, 0, 1);
            if (c.threshold(0) <= 1) any++;
        }
        assertTrue((double) any / runs <= level, any + " of " + runs + " runs certified a threshold at precision p0");
    }

    /**
     * The fallback chain passes level down: after the 24 upper candidates are certified, the lowest one is tested
     * at 25 shares, i.e. at the whole level, and is certified with evidence below what its own share asks.
     */
    @Test
    void aCertifiedCandidatePassesItsLevelToTheNextLowerOne() {
        double level = 0.05, share = level / GRID.length;
        Certificate c = new Certificate(1, 0.8, level, GRID, 1, Threshold.OFF, 0);
        // errors only the lowest candidate selects hold its evidence some nats behind the others'
        for (int i = 0; i < 12; i++) c.observe(0, 0.53, true, 1, 0, 1);
        int n = 0;
        while (c.threshold(0) > GRID[1] && n++ < 10_000) c.observe(0, 0.9995, false, 1, 0, 1);
        assertEquals(GRID[1], c.threshold(0), 1e-12, "the upper 24 certified together");
        double lowest = c.logEvidence(0, GRID[0]);
        assertTrue(lowest < -Math.log(level), "the lowest is still short of the whole level: " + lowest);
        while (c.threshold(0) > GRID[0] && n++ < 10_000) {
            c.observe(0, 0.9995, false, 1, 0, 1);
            assertTrue(c.threshold(0) > GRID[0] || c.logEvidence(0, GRID[0]) >= -Math.log(level),
                    "certified only once its evidence reaches the passed-down level");
        }
        assertEquals(GRID[0], c.threshold(0), 1e-12);
        assertTrue(c.logEvidence(0, GRID[0]) < -Math.log(share),
                "Bonferroni alone would not have certified it yet: " + c.logEvidence(0, GRID[0]));
    }

    /**
     * The chain stays valid where it matters: precise records at the top (false nulls that pass their level down)
     * above a region that is not good enough (true nulls right below them) — the lowest threshold whose selection
     * still reaches p0 is 0.843, and nothing lower may be certified more often than the level.
     */
    @Test
    void thePassedDownLevelDoesNotCertifyTheTrueNullsBelowAGoodTop() {
        double level = 0.1;
        int runs = 200, wrong = 0, useful = 0;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(100 + seed);
            Certificate c = new Certificate(1, 0.8, level, GRID, 1, Threshold.OFF, 0);
            for (int i = 0; i < 4000; i++) {
                double q = 0.5 + 0.5 * r.nextDouble();
                double right = q >= 0.9 ? 0.97 : 0.5;
                c.observe(0, q, r.nextDouble() >= right, 1, 0, 1);
            }
            double t = c.threshold(0);
            if (t < 0.843) wrong++;
            if (t <= 0.9) useful++;
        }
        assertTrue((double) wrong / runs <= level, wrong + " of " + runs + " runs certified a true null");
        assertTrue(useful > runs / 2, "the good top is certified in most runs: " + useful);
    }

    @Test
    void certifiesTheLowestThresholdWhoseSelectionIsGoodEnough() {
        SplittableRandom r = new SplittableRandom(1);
        Certificate c = new Certificate(1, 0.8, 0.05, GRID, 1, Threshold.OFF, 0);
        // calibrated: a record of confidence q is right with probability q
        for (int i = 0; i < 20_000; i++) {
            double q = 0.5 + 0.5 * r.nextDouble();
            c.observe(0, q, r.nextDouble() >= q, 1, 0, 1);
        }
        double t = c.threshold(0);
        // precision above τ is (1 + τ)/2 for this stream: ≥ 0.8 from τ = 0.6 on; evidence certifies a bit above
        assertTrue(t >= 0.6 && t <= 0.75, "certified " + t);
        assertEquals((1 + t) / 2, c.precision(0, t), 0.02);
        assertEquals((1 - t) / 0.5, c.share(0, t), 0.03);
        assertEquals(c.share(0, t), c.certifiedShare(), 1e-12);
    }

    @Test
    void perClassScopesCertifyEachPredictedClassOnItsOwn() {
        SplittableRandom r = new SplittableRandom(2);
        Certificate c = new Certificate(1, 0.9, 0.05, GRID, 2, Threshold.OFF, 0);
        for (int i = 0; i < 5000; i++) {
            int k = r.nextInt(2);
            double q = 0.5 + 0.5 * r.nextDouble();
            // class 0 predictions are always right, class 1 predictions right 70% of the time
            c.observe(k, q, k == 1 && r.nextDouble() < 0.3, 1, 0, 1);
        }
        assertTrue(c.threshold(0) <= 0.6, "class 0: " + c.threshold(0));
        assertEquals(Threshold.OFF, c.threshold(1), 0.0, "class 1 never reaches 0.9");
    }

    /**
     * Strata: reviews (certain, weight 1) where the serving version is unsure, audits (weight 1/π) where it
     * automates. A threshold is certified only when both strata pass: good reviews cannot hide bad automation.
     */
    @Test
    void badAutomatedStratumBlocksCertificationThatGoodReviewsAloneWouldGive() {
        double pi = 0.1, cut = 0.8;
        int runs = 100, certifiedBad = 0, certifiedGood = 0;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Certificate bad = new Certificate(1, 0.8, 0.1, GRID, 1, cut, 0);
            Certificate good = new Certificate(1, 0.8, 0.1, GRID, 1, cut, 0);
            for (int i = 0; i < 6000; i++) {
                double ref = 0.5 + 0.5 * r.nextDouble(); // the serving version's confidence: its stratum
                double conf = ref;                        // the certified version agrees with it here
                if (ref < cut) { // reviewed with certainty: 95% right
                    boolean err = r.nextDouble() < 0.05;
                    bad.observe(0, conf, err, 1, ref, bad.maxWeight(0, pi));
                    good.observe(0, conf, err, 1, ref, good.maxWeight(0, pi));
                } else if (r.nextDouble() < pi) { // audited: 50% right for "bad", 97% for "good"
                    double u = r.nextDouble();
                    bad.observe(0, conf, u >= 0.5, 1 / pi, ref, bad.maxWeight(1, pi));
                    good.observe(0, conf, u >= 0.97, 1 / pi, ref, good.maxWeight(1, pi));
                }
            }
            // every selection of "bad" is below 0.8 (above 0.525: 0.55 of the records reviewed at 95%, 0.4 automated
            // at 50% → 0.76), though its reviews alone would pass
            if (bad.threshold(0) <= 0.55) certifiedBad++;
            if (good.threshold(0) <= 0.6) certifiedGood++;
        }
        assertTrue(certifiedBad <= 10, certifiedBad + " of " + runs + " certified a selection below p0");
        assertTrue(certifiedGood >= 80, "only " + certifiedGood + " of " + runs + " certified a good selection");
    }

    @Test
    void stratumZeroBetsShrinkOnceTheServingThresholdGoesBelowTheCut() {
        Certificate c = new Certificate(1, 0.8, 0.05, GRID, 1, 0.9, 0);
        assertEquals(1.0, c.maxWeight(0, 0.05), 0.0);
        assertEquals(20.0, c.maxWeight(1, 0.05), 1e-12);
        c.servingThreshold(0.95);
        assertEquals(1.0, c.maxWeight(0, 0.05), 0.0);
        c.servingThreshold(0.85);
        assertEquals(20.0, c.maxWeight(0, 0.05), 1e-12);
        assertEquals(20.0, Certificate.restore(c.state()).maxWeight(0, 0.05), 1e-12);
    }

    @Test
    void admitsOnlyRecordsRoutedSinceItOpened() {
        Certificate c = new Certificate(1, 0.8, 0.05, GRID, 1, Threshold.OFF, 7);
        assertTrue(c.admits(7) && c.admits(9) && c.admits(-1));
        assertTrue(!c.admits(6), "routed before it opened: a backlog's outcome");
        assertEquals(7, Certificate.restore(c.state()).state().openedAt());
    }

    @Test
    void restoresExactly() {
        SplittableRandom r = new SplittableRandom(4);
        Certificate c = new Certificate(3, 0.85, RiskSpending.level(0.05, 3), GRID, 1, Threshold.OFF, 0);
        for (int i = 0; i < 3000; i++) c.observe(0, 0.5 + 0.5 * r.nextDouble(), r.nextDouble() < 0.1, 1, 0, 1);
        Certificate back = Certificate.restore(c.state());
        assertEquals(c.threshold(0), back.threshold(0), 0.0);
        assertEquals(c.logEvidence(0, 0.7), back.logEvidence(0, 0.7), 0.0);
        assertArrayEquals(c.state().logWealth(), back.state().logWealth(), 0.0);
        assertEquals(c.outcomes(), back.outcomes());
        assertEquals(3, back.epoch());
    }

    @Test
    void perCertificateRiskGivesEveryCertificateAllOfDelta() {
        assertEquals(0.05, RiskSpending.level(0.05, 7, io.triage.spec.RiskScope.CERTIFICATE), 0.0);
        assertEquals(0.05 / 56, RiskSpending.level(0.05, 7, io.triage.spec.RiskScope.LIFETIME), 1e-15);
        assertEquals(io.triage.spec.RiskScope.CERTIFICATE, io.triage.spec.SpecLoader.parse("""
                models:
                  - id: m
                    policy: {riskScope: certificate}
                """).models().get(0).policy().riskScope());
        assertEquals(io.triage.spec.RiskScope.LIFETIME, io.triage.spec.PolicySpec.builder().build().riskScope());
    }

    @Test
    void riskSharesSumToDelta() {
        double s = 0;
        for (int j = 1; j <= 100_000; j++) s += RiskSpending.level(0.05, j);
        assertEquals(0.05, s, 1e-6);
        assertEquals(0.025, RiskSpending.level(0.05, 1), 1e-15);
        assertEquals(0.05 / 6, RiskSpending.level(0.05, 2), 1e-15);
    }
}
