package io.triage.event;

/**
 * What one label changed in a model, broadcast instead of the whole model so that label-to-serving latency
 * does not grow with the model: an AdaGrad step on a sparse example only moves the weights of that example's
 * features (and the biases), in every class row. Applies only on top of {@code baseVersion}. While a frozen
 * version serves, a label changes only the policy: then {@code version == baseVersion} and no positions.
 *
 * @param model          model id
 * @param version        the version this delta produces
 * @param baseVersion    the version it applies to (version − 1)
 * @param policyVersion  policy version of the new version
 * @param positions      positions in the row-major K×(D+1) weight array that changed
 * @param values         their new values
 * @param scaleMean      the scaler means of the new version (small: numeric features only)
 * @param scaleStd       the scaler standard deviations of the new version
 * @param threshold      automation threshold of the new version
 * @param classThresholds per-class thresholds (empty when off)
 * @param auditRate      audit rate of the new version
 * @param labelsApplied  labels applied
 * @param publishedAt    epoch ms
 */
public record ModelDelta(String model, long version, long baseVersion, long policyVersion, int[] positions,
                         double[] values, double[] scaleMean, double[] scaleStd, double threshold,
                         double[] classThresholds, double auditRate, long labelsApplied, long publishedAt) {

    /** The new version on top of its base (which must be {@code baseVersion}). */
    public ModelSnapshot applyTo(ModelSnapshot base) {
        if (base.version() != baseVersion) {
            throw new IllegalArgumentException("delta to v" + version + " needs v" + baseVersion + ", got v" + base.version());
        }
        // a policy-only update (the serving version is frozen) shares the base's weights instead of copying them
        return new ModelSnapshot(model, version, policyVersion,
                positions.length == 0 ? base.weights() : base.weights().withDelta(positions, values), scaleMean,
                scaleStd, threshold, classThresholds, auditRate, labelsApplied, publishedAt);
    }
}
