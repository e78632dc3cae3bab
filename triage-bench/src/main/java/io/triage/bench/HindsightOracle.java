package io.triage.bench;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The best a single confidence threshold could have automated in a window, chosen with the truth: the largest
 * k such that the k most confident predictions (ties in record order) have precision ≥ target. Records without
 * a prediction never count. The same definition as shared/tools/window_oracle.py.
 */
final class HindsightOracle {
    private HindsightOracle() {}

    /** Records of {@code [from, to)} the oracle automates. */
    static int automatable(RecordLog log, int from, int to, double target) {
        Integer[] ranked = new Integer[to - from];
        int n = 0;
        for (int i = from; i < to; i++) if (log.predicted(i)) ranked[n++] = i;
        ranked = Arrays.copyOf(ranked, n);
        // stable sort: equal confidences keep record order, as Python's sorted does
        Arrays.sort(ranked, Comparator.comparingDouble((Integer i) -> -log.confidence(i)));
        int good = 0, best = 0;
        for (int k = 1; k <= n; k++) {
            if (log.correct(ranked[k - 1])) good++;
            if ((double) good / k >= target) best = k;
        }
        return best;
    }
}
