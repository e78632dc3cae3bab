package io.triage.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Feeds the same continuation to an original and a restored detector, step by step. */
final class RoundTrip {

    private RoundTrip() {
    }

    static void assertSameFuture(DriftDetector original, DriftDetector restored, double[] xs, int from) {
        assertEquals(original.state(), restored.state());
        assertEquals(original.samples(), restored.samples());
        assertEquals(original.statistic(), restored.statistic());
        int alarms = 0;
        for (int t = from; t < xs.length; t++) {
            boolean a = original.update(xs[t]);
            assertEquals(a, restored.update(xs[t]), "alarm differs at " + t);
            assertEquals(original.statistic(), restored.statistic(), "statistic differs at " + t);
            alarms += a ? 1 : 0;
        }
        assertEquals(original.state(), restored.state());
        System.out.println(original.name() + " restore at " + from + ": identical continuation, " + alarms + " alarm(s)");
    }
}
