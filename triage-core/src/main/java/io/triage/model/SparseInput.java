package io.triage.model;

import java.util.Arrays;
import org.tribuo.math.la.SparseVector;

/** Validation of sparse inputs and their conversion to Tribuo vectors with the bias feature. */
final class SparseInput {

    private SparseInput() {
    }

    /** Rejects mismatched lengths, indices outside [0, dimension) and non-finite values. */
    static void check(int dimension, int[] indices, double[] values) {
        if (indices == null || values == null) {
            throw new IllegalArgumentException("indices and values must not be null");
        }
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length: "
                    + indices.length + " vs " + values.length);
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= dimension) {
                throw new IllegalArgumentException("feature index " + indices[i]
                        + " outside [0, " + dimension + ")");
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("feature value at index " + indices[i]
                        + " is not finite: " + values[i]);
            }
        }
    }

    /**
     * A vector of size D+1 with a 1.0 at index D: Tribuo's linear models keep the bias as the
     * last weight column and expect the input to carry that constant feature (as
     * {@code SparseVector.createSparseVector(example, featureMap, true)} does). Duplicate indices
     * are summed, since Tribuo's sparse vectors assume unique indices.
     */
    static SparseVector withBias(int dimension, int[] indices, double[] values) {
        check(dimension, indices, values);
        int n = indices.length;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) indices[i] << 32) | i; // sort by index, stable on position
        }
        Arrays.sort(packed);
        int[] idx = new int[n + 1];
        double[] val = new double[n + 1];
        int m = 0;
        for (long p : packed) {
            int index = (int) (p >>> 32);
            double v = values[(int) p];
            if (m > 0 && idx[m - 1] == index) {
                val[m - 1] += v;
            } else {
                idx[m] = index;
                val[m] = v;
                m++;
            }
        }
        idx[m] = dimension;
        val[m] = 1.0;
        m++;
        if (m < n + 1) {
            idx = Arrays.copyOf(idx, m);
            val = Arrays.copyOf(val, m);
        }
        return SparseVector.createSparseVector(dimension + 1, idx, val);
    }
}
