package io.triage.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Seeded Bernoulli streams and delay / false-alarm measurement shared by the tests. */
final class DriftBench {

    static final int SEEDS = 20;
    static final int CHANGE_AT = 5000;

    private DriftBench() {
    }

    /** p0 for t < changeAt, p1 from changeAt on. */
    static double[] abrupt(long seed, int n, int changeAt, double p0, double p1) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xs = new double[n];
        for (int t = 0; t < n; t++) {
            xs[t] = r.nextDouble() < (t < changeAt ? p0 : p1) ? 1 : 0;
        }
        return xs;
    }

    /** p0 before start, p rising linearly to p1 at end, p1 after. */
    static double[] gradual(long seed, int n, int start, int end, double p0, double p1) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xs = new double[n];
        for (int t = 0; t < n; t++) {
            double f = Math.min(1, Math.max(0, (t - start) / (double) (end - start)));
            xs[t] = r.nextDouble() < p0 + f * (p1 - p0) ? 1 : 0;
        }
        return xs;
    }

    /** Alarms before changeAt are false; delay = first alarm at or after changeAt - changeAt. */
    record Run(int falseAlarms, long delay) {
    }

    static Run run(DriftDetector d, double[] xs, int changeAt) {
        int falseAlarms = 0;
        long delay = -1;
        for (int t = 0; t < xs.length; t++) {
            if (d.update(xs[t])) {
                if (t < changeAt) {
                    falseAlarms++;
                } else if (delay < 0) {
                    delay = t - changeAt;
                }
            }
        }
        return new Run(falseAlarms, delay);
    }

    record Summary(double meanDelay, long maxDelay, int missed, double falseAlarmsPerRun, int[] falseAlarms,
            long[] delays) {
        String format(String what) {
            return String.format(Locale.ROOT,
                    "%s: mean delay %.1f, max delay %d, missed %d/%d, false alarms before change %.2f per run%n"
                            + "    delays %s%n    false alarms %s",
                    what, meanDelay, maxDelay, missed, SEEDS, falseAlarmsPerRun,
                    java.util.Arrays.toString(delays), java.util.Arrays.toString(falseAlarms));
        }
    }

    interface StreamOf {
        double[] make(long seed);
    }

    static Summary measure(Supplier<DriftDetector> detector, StreamOf stream, int changeAt) {
        List<Long> delays = new ArrayList<>();
        int[] fa = new int[SEEDS];
        int missed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Run r = run(detector.get(), stream.make(seed), changeAt);
            fa[seed] = r.falseAlarms();
            if (r.delay() < 0) {
                missed++;
            } else {
                delays.add(r.delay());
            }
        }
        double mean = delays.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        long max = delays.stream().mapToLong(Long::longValue).max().orElse(-1);
        double faRate = java.util.Arrays.stream(fa).average().orElse(0);
        return new Summary(mean, max, missed, faRate, fa,
                delays.stream().mapToLong(Long::longValue).toArray());
    }
}
