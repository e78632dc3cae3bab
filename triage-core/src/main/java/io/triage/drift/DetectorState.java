package io.triage.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * Flat snapshot of a detector: only a String and primitive arrays, so Flink's POJO/record
 * serializer handles it without falling back to Kryo. The layout of the arrays is private to
 * each detector kind; settings are not included (they come from configuration on restore).
 */
public record DetectorState(String kind, double[] values, long[] counts) {

    public DetectorState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(counts, "counts");
    }

    /** Fails fast when a state of another kind or layout is handed to a detector. */
    void require(String expectedKind, int minValues, int minCounts) {
        if (!kind.equals(expectedKind) || values.length < minValues || counts.length < minCounts) {
            throw new IllegalArgumentException("not a " + expectedKind + " state: " + this);
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
