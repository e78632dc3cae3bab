package io.triage.event;

import io.triage.model.ScoringWeights;

/**
 * What the Learner broadcasts to every Scorer: compact weights and the routing policy of one model.
 * Only primitives, strings and arrays, so that Flink serializes it without Kryo and every Scorer's
 * copy in broadcast state stays small.
 *
 * @param model            model id
 * @param version          model version (grows by one per applied label)
 * @param policyVersion    policy version (grows when threshold or audit rate change)
 * @param weights          classes and compact weights (row-major K×(D+1), bias last in each row)
 * @param scaleMean        per numeric feature (first {@code scaleMean.length} indices): running mean
 * @param scaleStd         per numeric feature: running standard deviation (≥ a floor)
 * @param threshold        confidence threshold for automation (> 1 means no automation)
 * @param classThresholds  optional per-class thresholds, parallel to {@code classes} (empty when off)
 * @param auditRate        share of confident records drawn for audit
 * @param labelsApplied    labels applied to reach this version
 * @param publishedAt      epoch ms of publication
 */
public record ModelSnapshot(
        String model,
        long version,
        long policyVersion,
        ScoringWeights weights,
        double[] scaleMean,
        double[] scaleStd,
        double threshold,
        double[] classThresholds,
        double auditRate,
        long labelsApplied,
        long publishedAt) {

    /** Classes in score order (empty before the first label). */
    public String[] classes() {
        return weights.classes();
    }

    public boolean automating() {
        return threshold <= 1.0;
    }
}
