package io.triage.export;

import io.triage.feature.OnlineScaler;
import io.triage.learn.LearnerState;
import io.triage.learn.LearnerStateLayout;
import io.triage.learn.LearnerStore;
import io.triage.model.FrozenVersion;
import io.triage.model.ScoringWeights;

/**
 * One model version as a Scorer would apply it, read from the Learner's state for export: its weights exactly
 * as published (their digest is the {@code models} log's) and the feature scaling that goes with them.
 *
 * @param model         model id
 * @param version       the version's number
 * @param selected      {@code serving} or {@code learning}: which version was asked for
 * @param frozen        true for a frozen (certified) serving version; false for the learning model's weights
 * @param weights       classes and weights, K x (D+1), bias last
 * @param scaleMean     the means the Scorer standardises the numeric features with
 * @param scaleStd      the standard deviations it divides by
 * @param labelsApplied labels the learner had applied when the state was taken
 */
public record ExportedVersion(String model, long version, String selected, boolean frozen, ScoringWeights weights,
                              double[] scaleMean, double[] scaleStd, long labelsApplied) {
    public static final String SERVING = "serving";
    public static final String LEARNING = "learning";

    /**
     * The version a store holds: the frozen serving version, or the learning model's when none is frozen (then
     * the learning model serves) or when {@code selected} is {@link #LEARNING}. Null when the model has no state.
     */
    public static ExportedVersion read(LearnerStore store, String selected) throws Exception {
        if (!SERVING.equals(selected) && !LEARNING.equals(selected)) {
            throw new IllegalArgumentException("version must be serving or learning, got " + selected);
        }
        LearnerState s = LearnerStateLayout.readWhole(store);
        if (s == null) return null;
        FrozenVersion serving = SERVING.equals(selected) ? LearnerStateLayout.readServing(store) : null;
        if (serving != null) {
            return new ExportedVersion(s.model(), serving.version(), selected, true, serving.weights(),
                    serving.scaleMean(), serving.scaleStd(), s.labelsApplied());
        }
        OnlineScaler scaler = OnlineScaler.restore(s.scaler());
        ScoringWeights w = new ScoringWeights(s.weights().classes(), s.weights().dimension(), s.weights().weights());
        return new ExportedVersion(s.model(), s.version(), selected, false, w, scaler.means(), scaler.stds(),
                s.labelsApplied());
    }

    /** The version's own prediction on a raw feature vector: what the Scorer computes (see {@link FrozenVersion}). */
    public FrozenVersion.Prediction predict(int[] indices, double[] values) {
        return new FrozenVersion(version, weights, scaleMean, scaleStd).predict(indices, values);
    }
}
