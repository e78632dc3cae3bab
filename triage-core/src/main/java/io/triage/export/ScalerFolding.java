package io.triage.export;

import io.triage.model.ScoringWeights;

/**
 * Folds the feature standardisation into the weights, so that a plain linear model on raw values scores like
 * the Scorer on scaled ones: w·(x − m)/s + b = (w/s)·x + (b − Σ w·m/s). Exact for numeric values inside the
 * clip range {@code m ± CLIP·s}; a consumer clips raw values to that range and puts the mean in for a missing
 * one (the Scorer's scaled 0), as the feature spec says.
 */
public final class ScalerFolding {
    private ScalerFolding() {}

    public static ScoringWeights fold(ScoringWeights w, double[] mean, double[] std) {
        if (mean.length != std.length || mean.length > w.dimension()) {
            throw new IllegalArgumentException("scaler of " + mean.length + "/" + std.length
                    + " features for dimension " + w.dimension());
        }
        int d = w.dimension();
        double[] out = w.weights();
        for (int k = 0; k < w.numClasses(); k++) {
            int row = k * (d + 1);
            double shift = 0.0;
            for (int j = 0; j < mean.length; j++) {
                shift += out[row + j] * mean[j] / std[j];
                out[row + j] /= std[j];
            }
            out[row + d] -= shift;
        }
        return new ScoringWeights(w.classes(), d, out);
    }
}
