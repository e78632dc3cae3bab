package io.triage.bench;

import java.util.HashMap;
import java.util.Map;

/** Accumulates the counts of one window. */
final class WindowStats {
    private final long start;
    private long records, correct, auto, autoCorrect, labels, alarms;
    private final Map<String, Long> truths = new HashMap<>();

    WindowStats(long start) {
        this.start = start;
    }

    void record(boolean correct, boolean automated, String truth) {
        records++;
        if (correct) this.correct++;
        if (automated) {
            auto++;
            if (correct) autoCorrect++;
        }
        truths.merge(truth, 1L, Long::sum);
    }

    void labeled() {
        labels++;
    }

    void alarm() {
        alarms++;
    }

    long records() {
        return records;
    }

    WindowResult result(double estimated, double lowerBound, double threshold) {
        long top = truths.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new WindowResult(start, records, ratio(correct, records), ratio(autoCorrect, auto), estimated,
                lowerBound, threshold, ratio(auto, records), labels, alarms, ratio(top, records));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
