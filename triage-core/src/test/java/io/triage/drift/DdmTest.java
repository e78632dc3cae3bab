package io.triage.drift;

import static io.triage.drift.DriftBench.CHANGE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DdmTest {

    @Test
    void abruptIncreaseIsDetected() {
        DriftBench.Summary s = DriftBench.measure(Ddm::new,
                seed -> DriftBench.abrupt(seed, CHANGE_AT + 3000, CHANGE_AT, 0.2, 0.5), CHANGE_AT);
        System.out.println(s.format("DDM 2/3 sigma, p 0.2->0.5 at 5000"));
        assertEquals(0, s.missed());
        // DDM is known to be slow after a long stable period: p and s are cumulative since the
        // last drift, and a p_min + s_min caught low by chance early on is never raised again.
        assertTrue(s.meanDelay() <= 800, "mean delay " + s.meanDelay());
        assertTrue(s.maxDelay() <= 2500, "max delay " + s.maxDelay());
        assertTrue(s.falseAlarmsPerRun() <= 1.0, "false alarms per 5000: " + s.falseAlarmsPerRun());
    }

    @Test
    void warningComesBeforeDrift() {
        Ddm d = new Ddm();
        double[] xs = DriftBench.abrupt(2, 7000, CHANGE_AT, 0.2, 0.5);
        long firstWarning = -1;
        for (int t = 0; t < xs.length; t++) {
            boolean drift = d.update(xs[t]);
            if (t >= CHANGE_AT && d.warning() && firstWarning < 0) {
                firstWarning = t;
            }
            if (t >= CHANGE_AT && drift) {
                assertTrue(firstWarning >= 0 && firstWarning < t, "warning " + firstWarning + " drift " + t);
                return;
            }
        }
        throw new AssertionError("no drift");
    }

    @Test
    void constantStreamNeverAlarms() {
        for (double v : new double[] {0, 1}) {
            Ddm d = new Ddm();
            for (int t = 0; t < 20_000; t++) {
                assertFalse(d.update(v), "alarm on constant " + v + " at " + t);
            }
        }
    }

    @Test
    void stateRestoresExactly() {
        double[] xs = DriftBench.abrupt(11, 9000, CHANGE_AT, 0.2, 0.5);
        Ddm d = new Ddm();
        for (int t = 0; t < 4990; t++) {
            d.update(xs[t]);
        }
        RoundTrip.assertSameFuture(d, Ddm.restore(30, 2, 3, d.state()), xs, 4990);
    }
}
