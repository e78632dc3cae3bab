package io.triage.drift;

import static io.triage.drift.DriftBench.CHANGE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    @Test
    void statisticMatchesHandComputation() {
        // delta = 0.1, lambda = 1, alpha = 1 (no fading), minSamples = 0; x = 0, 0, 1, 1, 1
        //  t x  mean                 m_t = m_{t-1} + x - mean - 0.1      M_t    PH_t = m_t - M_t
        //  1 0  0                    -0.1                                -0.1   0
        //  2 0  0                    -0.2                                -0.2   0
        //  3 1  1/3                  -0.2 + 1 - 1/3 - 0.1 = 0.36667     -0.2   0.56667
        //  4 1  2/4 = 0.5            0.36667 + 0.4 = 0.76667            -0.2   0.96667  (<= 1)
        //  5 1  3/5 = 0.6            0.76667 + 0.3 = 1.06667            -0.2   1.26667  > 1: alarm
        PageHinkley ph = new PageHinkley(0.1, 1, 1, 0);
        double[] xs = {0, 0, 1, 1, 1};
        double[] expected = {0, 0, 1 - 1.0 / 3 - 0.1, 1 - 1.0 / 3 - 0.1 + 0.4, 1 - 1.0 / 3 - 0.1 + 0.7};
        for (int t = 0; t < xs.length; t++) {
            assertEquals(t == 4, ph.update(xs[t]), "alarm at t=" + (t + 1));
            assertEquals(expected[t], ph.statistic(), 1e-12, "PH at t=" + (t + 1));
        }
        assertEquals(1.26667, ph.statistic(), 1e-5);
        assertEquals(0, ph.mean(), 0.0, "the test restarts after an alarm");
        assertEquals(5, ph.samples());
    }

    @Test
    void fadingFactorScalesTheCumulativeSum() {
        // alpha = 0.5, delta = 0.1; x = 1, 0:
        //  t=1: mean 1,   m = 0.5*0     + (1 - 1   - 0.1) = -0.1,  M = -0.1, PH = 0
        //  t=2: mean 0.5, m = 0.5*(-0.1) + (0 - 0.5 - 0.1) = -0.65, M = -0.65, PH = 0
        //  t=3: x=1, mean 2/3, m = 0.5*(-0.65) + (1 - 2/3 - 0.1) = -0.09167, PH = 0.55833
        PageHinkley ph = new PageHinkley(0.1, 10, 0.5, 0);
        ph.update(1);
        ph.update(0);
        assertEquals(0, ph.statistic(), 1e-12);
        ph.update(1);
        assertEquals(-0.325 + 1 - 2.0 / 3 - 0.1 + 0.65, ph.statistic(), 1e-12);
    }

    @Test
    void abruptIncreaseIsDetectedWithFewFalseAlarms() {
        DriftBench.Summary s = DriftBench.measure(PageHinkley::new,
                seed -> DriftBench.abrupt(seed, CHANGE_AT + 2000, CHANGE_AT, 0.2, 0.5), CHANGE_AT);
        System.out.println(s.format("Page-Hinkley delta=0.005 lambda=50 alpha=0.9999, p 0.2->0.5 at 5000"));
        assertEquals(0, s.missed());
        // The sum grows by about 0.5 - 0.2 - delta = 0.295 a value after the change, so it
        // needs about lambda / 0.295 = 170 values, more when the pre-change minimum is old.
        assertTrue(s.meanDelay() >= 120 && s.meanDelay() <= 300, "mean delay " + s.meanDelay());
        assertTrue(s.maxDelay() <= 450, "max delay " + s.maxDelay());
        assertTrue(s.falseAlarmsPerRun() <= 1.0, "false alarms per 5000: " + s.falseAlarmsPerRun());
    }

    @Test
    void gradualDriftIsDetectedDuringTheRamp() {
        DriftBench.Summary s = DriftBench.measure(PageHinkley::new,
                seed -> DriftBench.gradual(seed, 9000, CHANGE_AT, 7000, 0.2, 0.6), CHANGE_AT);
        System.out.println(s.format("Page-Hinkley gradual 0.2->0.6 over 5000..7000"));
        assertEquals(0, s.missed());
        assertTrue(s.maxDelay() <= 2000, "max delay " + s.maxDelay());
    }

    @Test
    void decreaseOfTheErrorRateIsNotAnAlarm() {
        // One-sided on purpose: fewer errors is not a reason to react.
        DriftBench.Run r = DriftBench.run(new PageHinkley(), DriftBench.abrupt(5, 10_000, CHANGE_AT, 0.5, 0.2), CHANGE_AT);
        assertEquals(-1, r.delay());
    }

    @Test
    void constantStreamNeverAlarms() {
        for (double v : new double[] {0, 1, 0.3}) {
            PageHinkley ph = new PageHinkley();
            for (int t = 0; t < 20_000; t++) {
                assertFalse(ph.update(v), "alarm on constant " + v + " at " + t);
            }
            assertEquals(0, ph.statistic(), 1e-9);
        }
    }

    @Test
    void noAlarmBeforeMinSamples() {
        PageHinkley ph = new PageHinkley(0, 0.5, 1, 30);
        int first = -1;
        for (int t = 0; t < 40 && first < 0; t++) {
            if (ph.update(t < 3 ? 0 : 1)) {
                first = t;
            }
        }
        assertEquals(29, first, "statistic passes lambda early, alarm waits for the 30th value");
    }

    @Test
    void stateRestoresExactly() {
        double[] xs = DriftBench.abrupt(11, 9000, CHANGE_AT, 0.2, 0.5);
        for (int from : new int[] {0, 17, 4000, 5100}) {
            PageHinkley ph = new PageHinkley();
            for (int t = 0; t < from; t++) {
                ph.update(xs[t]);
            }
            RoundTrip.assertSameFuture(ph, PageHinkley.restore(0.005, 50, 0.9999, 30, ph.state()), xs, from);
        }
    }
}
