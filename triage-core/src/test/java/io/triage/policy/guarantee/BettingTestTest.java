package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BettingTestTest {
    @Test
    void oneRightOutcomeGrowsEveryBettorByHand() {
        BettingTest t = new BettingTest(0.8);
        t.observe(false, 1.0, 1.0, 0.05);
        // x = 1·(0 − 0.2) = −0.2; λ = b/(1·0.8); factor 1 + 0.25 b
        double mean = 0;
        for (double b : BettingTest.BETS) mean += (1 + 0.25 * b) / BettingTest.BETS.length;
        assertEquals(Math.log(mean), t.logEvidence(), 1e-12);
    }

    @Test
    void aWrongAuditShrinksWealthButNeverBelowZero() {
        BettingTest t = new BettingTest(0.95);
        // weight 20 at most 20: x = 20·0.95, λx = b ≤ 0.8 < 1
        t.observe(true, 20, 20, 0.05);
        for (double w : t.logWealth()) assertTrue(Double.isFinite(w));
        assertEquals(Math.log1p(-0.8), t.logWealth()[0], 1e-12);
    }

    /**
     * Anytime validity: with the true precision exactly at p0 and the test looked at after every outcome, the
     * share of runs that ever reject stays at most the level (a fixed-level bound re-checked this often rejects
     * several times more often).
     */
    @Test
    void rejectsATrueNullAtMostAtItsLevelUnderContinuousMonitoring() {
        double level = 0.1;
        int runs = 400, rejected = 0;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            BettingTest t = new BettingTest(0.8);
            for (int i = 0; i < 3000 && !t.rejected(); i++) {
                // half reviewed (weight 1), half audited at 10% (weight 10), as the job mixes them
                boolean audit = r.nextBoolean();
                if (audit && r.nextDouble() >= 0.1) continue; // not drawn: no outcome
                t.observe(r.nextDouble() < 0.2, audit ? 10 : 1, 10, level);
            }
            if (t.rejected()) rejected++;
        }
        double share = (double) rejected / runs;
        assertTrue(share <= level + 0.03, "rejected " + share + " of true nulls at level " + level);
    }

    @Test
    void rejectsAClearlyBetterSelectionWithinAFewHundredOutcomes() {
        SplittableRandom r = new SplittableRandom(3);
        BettingTest t = new BettingTest(0.8);
        int n = 0;
        while (!t.rejected() && n < 2000) {
            t.observe(r.nextDouble() < 0.05, 1, 1, 0.001);
            n++;
        }
        assertTrue(t.rejected() && n < 300, "needed " + n);
    }

    @Test
    void staysRejectedOnceCrossedAndRestoresExactly() {
        BettingTest t = new BettingTest(0.8);
        for (int i = 0; i < 200; i++) t.observe(false, 1, 1, 0.01);
        assertTrue(t.rejected());
        for (int i = 0; i < 50; i++) t.observe(true, 1, 1, 0.01);
        assertTrue(t.rejected(), "the test stopped at its first crossing");
        BettingTest back = BettingTest.restore(0.8, t.logWealth(), t.rejected());
        assertEquals(t.logEvidence(), back.logEvidence(), 0.0);
        assertFalse(new BettingTest(0.8).rejected());
    }
}
