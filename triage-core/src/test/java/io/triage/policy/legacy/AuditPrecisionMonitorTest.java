package io.triage.policy.legacy;

import io.triage.policy.*;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditPrecisionMonitorTest {
    @Test
    void quietWhileThePromiseHoldsAndFastWhenItBreaks() {
        int falseAlarms = 0, delays = 0, runs = 50;
        for (int seed = 0; seed < runs; seed++) {
            Random rnd = new Random(seed);
            AuditPrecisionMonitor m = new AuditPrecisionMonitor(0.9, 0.95, 60, 20);
            for (int i = 0; i < 2000; i++) if (m.add(rnd.nextDouble() < 0.96)) falseAlarms++;
            int delay = 0;
            while (!m.add(rnd.nextDouble() < 0.75)) delay++;
            delays += delay;
        }
        System.out.printf("audit monitor: %d false alarms in %d×2000 audits at precision 0.96; mean delay %.1f audits "
                + "after precision fell to 0.75%n", falseAlarms, runs, delays / (double) runs);
        assertTrue(falseAlarms <= runs / 10, "false alarms " + falseAlarms);
        assertTrue(delays / (double) runs < 40, "mean delay " + delays / (double) runs);
    }

    @Test
    void upperBoundByHand() {
        AuditPrecisionMonitor m = new AuditPrecisionMonitor(0.9, 0.95, 60, 20);
        for (int i = 0; i < 16; i++) m.add(true);
        for (int i = 0; i < 3; i++) m.add(false);
        // 16/19 correct; upper Wilson bound = 1 - lower bound of the error 3/19 at z = 1.645
        assertEquals(16 / 19.0, m.precision(), 1e-12);
        assertEquals(1 - PrecisionBound.wilsonLower(3 / 19.0, 19, PrecisionBound.normalQuantile(0.95)), m.upperBound(), 1e-12);
        assertFalse(m.add(false), "19 < 20 before this one; 16/20 with upper bound ≈ 0.91 > 0.9");
        assertTrue(m.add(false), "16/21: upper bound below 0.9");
        assertEquals(16 / 21.0, m.lastAlarmPrecision(), 1e-12);
        assertTrue(Double.isNaN(m.precision()), "reset after an alarm");
    }

    @Test
    void stateRoundTrip() {
        AuditPrecisionMonitor a = new AuditPrecisionMonitor(0.9, 0.95, 60, 20);
        Random rnd = new Random(3);
        for (int i = 0; i < 45; i++) a.add(rnd.nextDouble() < 0.9);
        AuditPrecisionMonitor b = AuditPrecisionMonitor.restore(0.9, 0.95, 60, 20, a.state());
        for (int i = 0; i < 500; i++) {
            boolean x = rnd.nextDouble() < 0.8;
            assertEquals(a.add(x), b.add(x));
            assertEquals(a.precision(), b.precision(), 0.0);
        }
    }
}
