package io.triage.drift;

import io.triage.spec.DetectorKind;

import java.util.Arrays;
import java.util.Objects;

/**
 * A detector's state as builds up to learner-v4 stored it: positional arrays whose layout depended on the kind.
 * This build writes {@link DetectorSnapshot}s; the record stays, under this name and with these fields, only
 * because the Flink state of those builds names it, and {@link #named()} converts it.
 */
public record DetectorState(String kind, double[] values, long[] counts) {

    public DetectorState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(counts, "counts");
    }

    /** The same state with named fields; fails on an unknown kind or a layout too short for its kind. */
    public DetectorSnapshot named() {
        DetectorKind k = DetectorKind.of(kind).orElseThrow(() -> new IllegalArgumentException("unknown detector kind: " + this));
        return switch (k) {
            // values = [mean, sum, min, statistic]; counts = [samples, n]
            case PAGE_HINKLEY -> {
                require(4, 2);
                yield new PageHinkleyState(counts[0], counts[1], values[0], values[1], values[2], values[3]);
            }
            // values = [p, pMin, sMin, statistic, threshold]; counts = [samples, n, warning ? 1 : 0]
            case DDM -> {
                require(5, 3);
                yield new DdmState(counts[0], counts[1], values[0], values[1], values[2], values[3], values[4],
                        counts[2] != 0);
            }
            case ADWIN -> adwin();
        };
    }

    /**
     * counts = [samples, width, rows, size of row 0..rows-1];
     * values = [total, variance, statistic, (total, variance) of each bucket row by row, oldest first].
     */
    private AdwinState adwin() {
        require(3, 3);
        int rows = (int) counts[2];
        if (rows < 0 || counts.length != 3 + rows) {
            throw new IllegalArgumentException("corrupt adwin state: " + this);
        }
        AdwinState.Row[] r = new AdwinState.Row[rows];
        int at = 3;
        for (int i = 0; i < rows; i++) {
            int n = (int) counts[3 + i];
            if (n < 0 || at + 2 * n > values.length) {
                throw new IllegalArgumentException("corrupt adwin state: " + this);
            }
            AdwinState.Bucket[] b = new AdwinState.Bucket[n];
            for (int k = 0; k < n; k++, at += 2) {
                b[k] = new AdwinState.Bucket(values[at], values[at + 1]);
            }
            r[i] = new AdwinState.Row(b);
        }
        return new AdwinState(counts[0], counts[1], values[0], values[1], values[2], r);
    }

    private void require(int minValues, int minCounts) {
        if (values.length < minValues || counts.length < minCounts) {
            throw new IllegalArgumentException("not a " + kind + " state: " + this);
        }
    }

    // Records compare arrays by reference; state equality must mean equal contents.
    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorState s && kind.equals(s.kind)
                && Arrays.equals(values, s.values) && Arrays.equals(counts, s.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(values)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "DetectorState[" + kind + ", values=" + values.length + ", counts="
                + Arrays.toString(counts.length > 8 ? Arrays.copyOf(counts, 8) : counts) + "]";
    }
}
