package io.triage.model;

import java.util.Arrays;

/**
 * Compact, immutable copy of a model's weights for broadcasting to scorers. Scoring uses plain
 * double arithmetic (no Tribuo objects): the Example/Prediction layer is most of Tribuo's
 * per-record cost, and this path runs for every record.
 *
 * @param classes   class labels in row order
 * @param dimension feature-space size D
 * @param weights   row-major K x (D+1) weights, bias in the last column of each row
 */
public record ScoringWeights(String[] classes, int dimension, double[] weights) {

    public ScoringWeights {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        classes = classes.clone();
        weights = weights.clone();
        if (weights.length != (long) classes.length * (dimension + 1)) {
            throw new IllegalArgumentException("weights must have classes.length * (dimension + 1) = "
                    + (long) classes.length * (dimension + 1) + " entries, got " + weights.length);
        }
    }

    // Accessors hand out copies so the broadcast value cannot be changed under a scorer.
    @Override
    public String[] classes() {
        return classes.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The weight of class row {@code c} at index {@code j} ({@code j == dimension}: the bias), without a copy. */
    public double weight(int c, int j) {
        return weights[c * (dimension + 1) + j];
    }

    public int numClasses() {
        return classes.length;
    }

    /** The same model with the weights at {@code positions} replaced by {@code values} (a broadcast delta). */
    public ScoringWeights withDelta(int[] positions, double[] values) {
        if (positions.length != values.length) throw new IllegalArgumentException("positions and values differ in length");
        double[] w = weights.clone();
        for (int i = 0; i < positions.length; i++) w[positions[i]] = values[i];
        return new ScoringWeights(classes, dimension, w);
    }

    /**
     * Softmax class probabilities in {@link #classes()} order, the same computation as Tribuo's
     * {@code LinearParameters.predict} + {@code ExpNormalizer} (sparse dot product in the given
     * order, bias added last, max-shifted exp). Allocates only the result.
     */
    public double[] proba(int[] idx, double[] val) {
        SparseInput.check(dimension, idx, val);
        int k = classes.length;
        double[] out = new double[k];
        int stride = dimension + 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int row = c * stride;
            double s = 0.0;
            for (int i = 0; i < idx.length; i++) {
                s += weights[row + idx[i]] * val[i];
            }
            s += weights[row + dimension]; // bias feature has value 1.0
            out[c] = s;
            if (s > max) {
                max = s;
            }
        }
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
        return out;
    }

    /** Identifies a model version: see {@link WeightDigest}. */
    public String digest() {
        return new WeightDigest(classes, dimension, weights).hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringWeights s && dimension == s.dimension
                && Arrays.equals(classes, s.classes) && Arrays.equals(weights, s.weights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(classes) + dimension) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ScoringWeights[classes=" + Arrays.toString(classes) + ", dimension=" + dimension + "]";
    }
}
