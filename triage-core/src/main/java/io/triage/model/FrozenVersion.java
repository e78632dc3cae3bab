package io.triage.model;

import io.triage.feature.OnlineScaler;

/**
 * A model version kept fixed while it serves or challenges: its weights and feature scaling as broadcast.
 * Frozen, it can be certified on outcomes it was never trained on.
 *
 * @param version   the model version it was taken at (labels applied)
 * @param weights   classes and weights
 * @param scaleMean feature scaling: running means at that version
 * @param scaleStd  running standard deviations at that version
 */
public record FrozenVersion(long version, ScoringWeights weights, double[] scaleMean, double[] scaleStd) {

    /** This version's prediction on one example (raw values; scaled here as the Scorer does). */
    public Prediction predict(int[] indices, double[] values) {
        double[] p = weights.proba(indices, OnlineScaler.apply(indices, values, scaleMean, scaleStd));
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return new Prediction(best, weights.classes()[best], p[best]);
    }

    public int numClasses() {
        return weights.numClasses();
    }

    /** A version's predicted class (index and name) and its confidence. */
    public record Prediction(int index, String label, double confidence) {
        public boolean wrong(String truth) {
            return !label.equals(truth);
        }
    }
}
