package io.triage.drift;

import io.triage.spec.DetectorKind;

import java.util.Arrays;
import java.util.Objects;

/**
 * ADWIN's state: the window's sums and its exponential histogram, O(M log W) numbers rather than the window.
 *
 * @param samples   values fed since construction or reset
 * @param width     values in the window
 * @param total     sum of the window
 * @param variance  sum of squared deviations of the window (not divided)
 * @param statistic largest |mean0 - mean1| / eps of the last check
 * @param rows      the histogram's rows, row i holding buckets of 2^i values
 */
public record AdwinState(long samples, long width, double total, double variance, double statistic, Row[] rows)
        implements DetectorSnapshot {

    /** One row of the histogram, its buckets oldest first. */
    public record Row(Bucket[] buckets) {
        public Row {
            Objects.requireNonNull(buckets, "buckets");
        }

        // Records compare arrays by reference; state equality must mean equal contents.
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Arrays.equals(buckets, r.buckets);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(buckets);
        }

        @Override
        public String toString() {
            return "Row" + Arrays.toString(buckets);
        }
    }

    /**
     * A bucket of the histogram.
     *
     * @param total    sum of its values
     * @param variance sum of squared deviations of its values (not divided)
     */
    public record Bucket(double total, double variance) {
    }

    public AdwinState {
        Objects.requireNonNull(rows, "rows");
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.ADWIN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdwinState s && samples == s.samples && width == s.width
                && Double.compare(total, s.total) == 0 && Double.compare(variance, s.variance) == 0
                && Double.compare(statistic, s.statistic) == 0 && Arrays.equals(rows, s.rows);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(samples, width, total, variance, statistic) + Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        return "AdwinState[samples=" + samples + ", width=" + width + ", total=" + total + ", variance=" + variance
                + ", statistic=" + statistic + ", rows=" + rows.length + "]";
    }
}
