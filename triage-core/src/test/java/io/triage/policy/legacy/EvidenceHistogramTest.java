package io.triage.policy.legacy;

import io.triage.policy.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceHistogramTest {
    private static final double Z = 1.645;

    @Test
    void binsAndEdges() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        assertEquals(10, h.bins());
        assertEquals(0, h.bin(0.0));
        assertEquals(9, h.bin(1.0)); // 1.0 belongs to the top bin
        assertEquals(9, h.bin(0.95));
        assertEquals(5, h.bin(0.55));
        assertEquals(0, h.bin(-0.1));
        assertEquals(0.5, h.edge(5), 1e-12);
    }

    @Test
    void weightedPrecisionAndKishEffectiveN() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        h.add(0.95, true, 2.0);
        h.add(0.95, false, 1.0);
        h.add(0.55, true, 1.0);

        // bin 9 only: Σw = 3, Σw·correct = 2, Σw² = 4 + 1 = 5 → p = 2/3, n_eff = 9/5 = 1.8
        EvidenceHistogram.Estimate top = h.above(9, Z);
        assertEquals(2.0 / 3, top.precision(), 1e-12);
        assertEquals(1.8, top.effectiveN(), 1e-12);
        assertEquals(PrecisionBound.wilsonLower(2.0 / 3, 1.8, Z), top.lowerBound(), 1e-12);

        // bins ≥ 5: Σw = 4, Σwc = 3, Σw² = 6 → p = 0.75, n_eff = 16/6
        EvidenceHistogram.Estimate all = h.above(5, Z);
        assertEquals(0.75, all.precision(), 1e-12);
        assertEquals(16.0 / 6, all.effectiveN(), 1e-12);
        assertEquals(all.precision(), h.above(0, Z).precision(), 1e-12);

        // nothing above the 0.95 bin … except the top one; empty range has no estimate
        EvidenceHistogram empty = new EvidenceHistogram(10);
        EvidenceHistogram.Estimate none = empty.above(0, Z);
        assertTrue(Double.isNaN(none.precision()));
        assertEquals(0.0, none.lowerBound());
        assertEquals(0.0, none.effectiveN());
    }

    @Test
    void unitWeightsGiveEffectiveNEqualToCount() {
        EvidenceHistogram h = new EvidenceHistogram(20);
        for (int i = 0; i < 37; i++) h.add(0.9, i % 4 != 0, 1.0);
        assertEquals(37, h.above(0, Z).effectiveN(), 1e-9);
    }

    @Test
    void scalingKeepsPrecisionAndEffectiveNButShrinksWeight() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        h.add(0.95, true, 2.0);
        h.add(0.95, false, 1.0);
        h.scale(0.5);
        EvidenceState s = h.state();
        assertEquals(1.5, s.weight()[9], 1e-12);
        assertEquals(1.0, s.correct()[9], 1e-12);
        assertEquals(1.25, s.weightSq()[9], 1e-12); // Σw² scales by f²
        EvidenceHistogram.Estimate e = h.above(9, Z);
        assertEquals(2.0 / 3, e.precision(), 1e-12);
        assertEquals(1.8, e.effectiveN(), 1e-12); // (1.5)² / 1.25: n_eff is scale-invariant

        // new evidence after decay counts more than the old: (1.5+1)²/(1.25+1)
        h.add(0.95, true, 1.0);
        assertEquals(2.5 * 2.5 / 2.25, h.above(9, Z).effectiveN(), 1e-12);
        assertEquals(2.0 / 2.5, h.above(9, Z).precision(), 1e-12);
    }

    @Test
    void stateRestoreIsACopy() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        h.add(0.7, true, 3.0);
        EvidenceHistogram r = EvidenceHistogram.restore(h.state());
        h.add(0.7, false, 1.0);
        assertEquals(1.0, r.above(0, Z).precision(), 1e-12);
        assertEquals(0.75, h.above(0, Z).precision(), 1e-12);
    }

    /**
     * Confident items (confidence ≥ 0.8) are automated and only audited at rate a with weight 1/a; uncertain
     * ones (0.6 ≤ c < 0.8) are all reviewed with weight 1. The weighted estimate of precision over everything
     * at or above 0.6 is unbiased; the unweighted one is not (it over-represents the uncertain items).
     */
    @Test
    void inverseProbabilityWeightedAuditsGiveAnUnbiasedPrecisionEstimate() {
        double a = 0.1;
        int seeds = 60;
        double weightedError = 0, unweightedError = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            EvidenceHistogram weighted = new EvidenceHistogram(50);
            EvidenceHistogram unweighted = new EvidenceHistogram(50);
            int from = weighted.bin(0.6);
            long total = 0, correctTotal = 0;
            for (int i = 0; i < 20_000; i++) {
                double c = 0.5 + 0.5 * rnd.nextDouble();
                boolean correct = rnd.nextDouble() < c; // calibrated model
                if (weighted.bin(c) >= from) {
                    total++;
                    if (correct) correctTotal++;
                }
                if (c >= 0.8) {
                    if (rnd.nextDouble() < a) {
                        weighted.add(c, correct, 1 / a);
                        unweighted.add(c, correct, 1.0);
                    }
                } else {
                    weighted.add(c, correct, 1.0);
                    unweighted.add(c, correct, 1.0);
                }
            }
            double truth = (double) correctTotal / total;
            weightedError += weighted.above(from, Z).precision() - truth;
            unweightedError += unweighted.above(from, Z).precision() - truth;
        }
        assertEquals(0.0, weightedError / seeds, 0.01, "weighted estimate is biased");
        assertTrue(unweightedError / seeds < -0.05, "the test population should punish ignoring weights, bias was "
                + unweightedError / seeds);
    }
}
