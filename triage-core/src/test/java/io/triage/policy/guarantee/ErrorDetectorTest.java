package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorDetectorTest {
    @Test
    void theStatisticsAreBernoulliCusumsByHand() {
        ErrorDetector d = new ErrorDetector(0.8, 0.001); // α = 0.2 against α₁ = 0.3, 0.4 and 0.6
        d.observe(true);
        double[] s = d.statistics();
        assertEquals(Math.log(0.3 / 0.2), s[0], 1e-12);
        assertEquals(Math.log(0.4 / 0.2), s[1], 1e-12);
        assertEquals(Math.log(0.6 / 0.2), s[2], 1e-12);
        assertEquals(Math.log(3), d.statistic(), 1e-12);
        d.observe(false);
        assertEquals(Math.log(0.3 / 0.2) + Math.log(0.7 / 0.8), d.statistics()[0], 1e-12);
        for (int i = 0; i < 10; i++) d.observe(false);
        for (double x : d.statistics()) assertTrue(x < 0);
        d.observe(true); // restarts from 0, not from below
        assertEquals(Math.log(0.3 / 0.2), d.statistics()[0], 1e-12);
    }

    @Test
    void rarelyAlarmsWhileThePromiseHoldsAndSoonAfterItBreaks() {
        int falseAlarms = 0;
        long audits = 0;
        long delays = 0;
        int runs = 50;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            ErrorDetector d = new ErrorDetector(0.9, 0.001);
            for (int i = 0; i < 5000; i++, audits++) if (d.observe(r.nextDouble() < 0.1)) falseAlarms++;
            d.reset();
            int n = 0;
            while (!d.observe(r.nextDouble() < 0.25) && n < 10_000) n++;
            delays += n;
        }
        assertTrue(falseAlarms <= audits / 1000.0, falseAlarms + " false alarms in " + audits + " audits");
        double meanDelay = (double) delays / runs;
        assertTrue(meanDelay < 150, "mean delay at 75% precision against 90%: " + meanDelay + " audits");
        assertFalse(new ErrorDetector(0.9, 0.001).observe(false));
    }

    /**
     * Audits drawn three times as often just above the threshold, where every error of a stream that keeps its
     * promise exactly is: counted as uniform draws they look like a broken promise, and the detector alarms far more
     * often than its budget; counted as the share a/π of a uniform draw each is, it stays within it.
     */
    @Test
    void auditsDrawnMoreOftenNearTheThresholdDoNotRaiseFalseAlarms() {
        double tau = 0.8, base = 0.1, target = 0.9;
        long audits = 0;
        int weighted = 0, unweighted = 0;
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            ErrorDetector fair = new ErrorDetector(target, 0.001);
            ErrorDetector naive = new ErrorDetector(target, 0.001);
            long seen = 0;
            while (seen < 5000) {
                double c = tau + 0.2 * r.nextDouble();
                // a quarter of the automated records sit in the band, wrong 40% of the time; the rest never:
                // the automated decisions are right exactly 90% of the time
                boolean wrong = c < tau + io.triage.policy.AuditShare.BAND && r.nextDouble() < 0.4;
                double pi = io.triage.policy.AuditShare.at(c, tau, base);
                if (r.nextDouble() >= pi) continue;
                seen++;
                if (fair.observe(wrong, io.triage.policy.AuditShare.uniformShare(1 / pi, base))) weighted++;
                if (naive.observe(wrong)) unweighted++;
            }
            audits += seen;
        }
        assertTrue(weighted <= audits / 1000.0, weighted + " false alarms in " + audits + " audits");
        assertTrue(unweighted > audits / 1000.0, "counted as uniform: " + unweighted + " alarms in " + audits);
    }

    @Test
    void aUniformAuditIsTheLikelihoodRatioAndALighterOneMovesLess() {
        ErrorDetector a = new ErrorDetector(0.8, 0.001), b = new ErrorDetector(0.8, 0.001);
        a.observe(true, 1.0);
        b.observe(true);
        assertEquals(b.statistics()[0], a.statistics()[0], 1e-12);
        ErrorDetector c = new ErrorDetector(0.8, 0.001);
        c.observe(true, 0.5);
        assertEquals(Math.log(1 + 0.5 * (0.3 / 0.2 - 1)), c.statistics()[0], 1e-12);
    }
}
