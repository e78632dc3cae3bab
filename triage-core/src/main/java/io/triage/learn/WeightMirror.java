package io.triage.learn;

import io.triage.model.OnlineModel;
import io.triage.model.WeightDigest;

/**
 * The learning model's weights flattened as they are broadcast, and their digest, kept up to date cell by cell:
 * a label changes only the cells of its features, so nothing per label grows with the model.
 */
final class WeightMirror {
    private double[] weights;
    private WeightDigest digest;

    WeightMirror(OnlineModel model) {
        reset(model);
    }

    /** Copies every cell again (after a change of shape, or one that moved them all). */
    void reset(OnlineModel model) {
        weights = model.scoringWeights().weights();
        digest = new WeightDigest(model.classes().toArray(new String[0]), model.dimension(), weights);
    }

    /** Follows a step that changed {@code cells}. */
    void follow(OnlineModel model, int[] cells) {
        for (int c : cells) weights[c] = model.weightAt(c);
        digest.update(weights, cells);
    }

    /**
     * The cells one step changed: an AdaGrad step moves only the entries with a non-zero gradient, i.e. the
     * example's features and the bias, in every class row.
     */
    static int[] touchedCells(OnlineModel model, int[] indices) {
        int k = model.classes().size();
        int d = model.dimension();
        int[] pos = new int[k * (indices.length + 1)];
        int n = 0;
        for (int c = 0; c < k; c++) {
            int row = c * (d + 1);
            for (int j : indices) pos[n++] = row + j;
            pos[n++] = row + d;
        }
        return pos;
    }

    /** The weights at {@code cells}, in that order. */
    double[] at(int[] cells) {
        double[] val = new double[cells.length];
        for (int i = 0; i < cells.length; i++) val[i] = weights[cells[i]];
        return val;
    }

    /** The flattened weights themselves (not a copy: callers that keep them copy). */
    double[] weights() {
        return weights;
    }

    String hex() {
        return digest.hex();
    }
}
