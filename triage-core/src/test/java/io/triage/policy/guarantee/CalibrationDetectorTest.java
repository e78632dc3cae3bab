package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationDetectorTest {
    @Test
    void theStatisticIsTheBettingCusumByHand() {
        CalibrationDetector d = new CalibrationDetector(0.001, 0);
        d.observe(true, 0.9); // r = 1 − 0.1 = 0.9
        assertEquals(Math.log1p(0.6 * 0.9), d.statistic(), 1e-12);
        d.observe(false, 0.9); // r = −0.1: every bet loses a little
        assertEquals(Math.log1p(0.6 * 0.9) + Math.log1p(-0.6 * 0.1), d.statistic(), 1e-12);
        CalibrationDetector tolerant = new CalibrationDetector(0.001, 0.05);
        tolerant.observe(true, 0.9); // r = 1 − 0.1 − 0.05 = 0.85
        assertEquals(Math.log1p(0.6 * 0.85), tolerant.statistic(), 1e-12);
    }

    /** Over-confident by 4 points everywhere (within the tolerance): no alarm more often than while calibrated. */
    @Test
    void aSteadyLeanWithinTheToleranceRaisesNoAlarm() {
        int alarms = 0;
        long outcomes = 0;
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(100 + seed);
            CalibrationDetector d = new CalibrationDetector(1 / 2000.0, 0.05);
            for (int i = 0; i < 10_000; i++, outcomes++) {
                double q = 0.6 + 0.4 * r.nextDouble();
                if (d.observe(r.nextDouble() >= q - 0.04, q)) alarms++;
            }
        }
        assertTrue(alarms <= outcomes / 2000.0, alarms + " alarms in " + outcomes + " outcomes");
    }

    /**
     * A calibrated version, sampled the way the job samples (mostly uncertain reviews, some confident audits):
     * false alarms stay rare. A version that turns confidently wrong (an abrupt change) is caught within a few
     * hundred outcomes.
     */
    @Test
    void quietWhileCalibratedAndQuickWhenConfidentlyWrong() {
        int falseAlarms = 0;
        long outcomes = 0;
        long delays = 0;
        int runs = 30;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            CalibrationDetector d = new CalibrationDetector(1 / 2000.0, 0.05);
            for (int i = 0; i < 10_000; i++, outcomes++) {
                double q = r.nextDouble() < 0.7 ? 0.5 + 0.3 * r.nextDouble() : 0.8 + 0.2 * r.nextDouble();
                if (d.observe(r.nextDouble() >= q, q)) falseAlarms++;
            }
            d.reset();
            int n = 0;
            while (n < 5000) {
                double q = 0.6 + 0.4 * r.nextDouble();
                n++;
                if (d.observe(r.nextDouble() < 0.35, q)) break; // 35% wrong whatever the confidence
            }
            delays += n;
        }
        assertTrue(falseAlarms <= outcomes / 2000.0, falseAlarms + " false alarms in " + outcomes + " outcomes");
        assertTrue(delays / (double) runs < 330, "mean delay " + delays / (double) runs);
    }
}
