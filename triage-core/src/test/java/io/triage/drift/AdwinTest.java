package io.triage.drift;

import static io.triage.drift.DriftBench.CHANGE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdwinTest {

    @Test
    void abruptChangeIsDetectedQuicklyWithFewFalseAlarms() {
        DriftBench.Summary s = DriftBench.measure(Adwin::new,
                seed -> DriftBench.abrupt(seed, CHANGE_AT + 2000, CHANGE_AT, 0.2, 0.5), CHANGE_AT);
        System.out.println(s.format("ADWIN delta=0.002, p 0.2->0.5 at 5000"));
        assertEquals(0, s.missed());
        // Detection needs ~|W1| with eps(|W1|) < 0.3 plus up to one clock period (32).
        assertTrue(s.meanDelay() <= 150, "mean delay " + s.meanDelay());
        assertTrue(s.maxDelay() <= 300, "max delay " + s.maxDelay());
        assertTrue(s.falseAlarmsPerRun() <= 1.0, "false alarms per 5000: " + s.falseAlarmsPerRun());
    }

    @Test
    void gradualDriftIsDetectedDuringTheRamp() {
        // p rises 0.2 -> 0.6 over samples 5000..7000.
        DriftBench.Summary s = DriftBench.measure(Adwin::new,
                seed -> DriftBench.gradual(seed, 9000, CHANGE_AT, 7000, 0.2, 0.6), CHANGE_AT);
        System.out.println(s.format("ADWIN gradual 0.2->0.6 over 5000..7000"));
        assertEquals(0, s.missed());
        assertTrue(s.maxDelay() <= 2000, "max delay " + s.maxDelay());
    }

    @Test
    void decreaseIsDetectedToo() {
        // ADWIN is two-sided, unlike Page-Hinkley.
        DriftBench.Run r = DriftBench.run(new Adwin(), DriftBench.abrupt(7, 7000, CHANGE_AT, 0.5, 0.2), CHANGE_AT);
        assertTrue(r.delay() >= 0 && r.delay() <= 300, "delay " + r.delay());
    }

    @Test
    void constantStreamNeverCuts() {
        for (double v : new double[] {0, 1, 0.3}) {
            Adwin a = new Adwin();
            for (int t = 0; t < 20_000; t++) {
                assertFalse(a.update(v), "cut on constant " + v + " at " + t);
            }
            assertEquals(20_000, a.width());
            assertEquals(v, a.mean(), 1e-9);
        }
    }

    @Test
    void windowIsExactlyTheLastWidthValues() {
        // Buckets are contiguous, so after any cut the window is a suffix of the stream:
        // mean and variance must match a direct computation over the last width() values.
        double[] xs = new double[12_000];
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < xs.length; t++) {
            xs[t] = t < 6000 ? r.nextDouble() * 0.4 : 0.5 + r.nextDouble() * 0.5;
        }
        Adwin a = new Adwin();
        int cuts = 0;
        for (int t = 0; t < xs.length; t++) {
            cuts += a.update(xs[t]) ? 1 : 0;
            if (t % 97 == 0 || t == xs.length - 1) {
                int w = (int) a.width();
                double sum = 0;
                for (int i = t + 1 - w; i <= t; i++) {
                    sum += xs[i];
                }
                double mean = sum / w;
                double ss = 0;
                for (int i = t + 1 - w; i <= t; i++) {
                    ss += (xs[i] - mean) * (xs[i] - mean);
                }
                assertEquals(mean, a.mean(), 1e-9, "mean at " + t);
                assertEquals(ss / w, a.variance(), 1e-9, "variance at " + t);
            }
        }
        assertTrue(cuts >= 1);
        // A cut needs > 6 values on the old side, and buckets are coarse: a small remnant may stay.
        assertTrue(a.width() <= 6000 + 64, "window should have dropped the old part: " + a.width());
    }

    @Test
    void cutsOnlyOnClockTicks() {
        Adwin a = new Adwin(0.002, 5, 32);
        double[] xs = DriftBench.abrupt(1, 7000, CHANGE_AT, 0.2, 0.5);
        for (int t = 0; t < xs.length; t++) {
            if (a.update(xs[t])) {
                assertEquals(0, a.samples() % 32);
                assertTrue(a.statistic() > a.threshold());
            }
        }
    }

    @Test
    void stateIsCompactAndRestoresExactly() {
        double[] xs = DriftBench.abrupt(11, 9000, CHANGE_AT, 0.2, 0.5);
        // before any check, across the change and after the cuts that shrink the window
        for (int from : new int[] {0, 7, 5100, 6000}) {
            Adwin a = new Adwin();
            for (int t = 0; t < from; t++) {
                a.update(xs[t]);
            }
            AdwinState s = a.state();
            // O(M log W) buckets, not the window itself.
            int buckets = Arrays.stream(s.rows()).mapToInt(r -> r.buckets().length).sum();
            assertTrue(buckets <= 5 * s.rows().length && s.rows().length < 20, "buckets " + buckets);
            assertEquals(a.width(), s.width());
            RoundTrip.assertSameFuture(a, Adwin.restore(0.002, 5, 32, s), xs, from);
        }
    }

    @Test
    void aStateOfMoreBucketsThanMIsRefused() {
        Adwin a = new Adwin(0.002, 5, 32);
        for (int t = 0; t < 100; t++) {
            a.update(t % 3 == 0 ? 1 : 0);
        }
        assertThrows(IllegalArgumentException.class, () -> Adwin.restore(0.002, 2, 32, a.state()));
    }
}
