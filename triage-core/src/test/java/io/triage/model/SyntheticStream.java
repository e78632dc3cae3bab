package io.triage.model;

import java.util.Random;

/**
 * Deterministic synthetic sparse stream: each example has {@code active} distinct features with
 * Gaussian values; its label is the argmax of hidden linear scores (linearly separable).
 */
final class SyntheticStream {

    record Example(String label, int[] indices, double[] values) {
    }

    private final Random random;
    private final int dimension;
    private final int active;
    private final double[][] truth; // K x (D+1), bias last
    private final String[] labels;

    SyntheticStream(long seed, int dimension, int active, String... labels) {
        this.random = new Random(seed);
        this.dimension = dimension;
        this.active = active;
        this.labels = labels;
        this.truth = new double[labels.length][dimension + 1];
        for (double[] row : truth) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian();
            }
        }
    }

    Example next() {
        int[] idx = new int[active];
        double[] val = new double[active];
        boolean[] used = new boolean[dimension];
        for (int i = 0; i < active; i++) {
            int j;
            do {
                j = random.nextInt(dimension);
            } while (used[j]);
            used[j] = true;
            idx[i] = j;
            val[i] = random.nextGaussian();
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < labels.length; k++) {
            double s = truth[k][dimension];
            for (int i = 0; i < active; i++) {
                s += truth[k][idx[i]] * val[i];
            }
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return new Example(labels[best], idx, val);
    }

    /** Index of the largest probability, as a class name (null when there are no classes). */
    static String argmax(OnlineModel model, double[] p) {
        int best = -1;
        for (int k = 0; k < p.length; k++) {
            if (best < 0 || p[k] > p[best]) {
                best = k;
            }
        }
        return best < 0 ? null : model.classes().get(best);
    }
}
