package io.triage.spec;

import java.io.Serializable;

/**
 * Routing policy of one model (DESIGN §4).
 *
 * @param mode                GUARANTEE (default) or BUDGET
 * @param targetPrecision     p*: automated decisions must be correct at least this often
 * @param confidenceLevel     confidence level of the lower bound on precision
 * @param auditRate           share of confident records still sent to humans (deterministic by record id)
 * @param minEvidence         effective number of verified outcomes above a threshold before it may automate
 * @param evidenceHalfLife    verified outcomes after which old evidence weighs half (decayed window)
 * @param bins                confidence bins of the evidence histogram
 * @param maxThresholdStep    largest downward move of the threshold per update (upward moves are immediate)
 * @param perClassThresholds  one threshold per predicted class instead of one for all
 * @param reviewDeadlineMs    a review request expires after this long without a label
 * @param expiryFallback      what an expired request decides
 * @param maxPendingReviews   review capacity: above this backlog a BACKLOG_ALARM is raised (never silent automation)
 * @param budget              BUDGET mode: share of the stream that may be labeled
 * @param strategy            BUDGET mode: random | fixed-uncertainty | var-uncertainty | rand-var-uncertainty | selective-sampling
 */
public record PolicySpec(PolicyMode mode, Double targetPrecision, Double confidenceLevel, Double auditRate,
                         Double minEvidence, Double evidenceHalfLife, Integer bins, Double maxThresholdStep,
                         Boolean perClassThresholds, Long reviewDeadlineMs, ExpiryFallback expiryFallback,
                         Long maxPendingReviews, Double budget, String strategy) implements Serializable {
    public PolicySpec {
        mode = mode == null ? PolicyMode.GUARANTEE : mode;
        targetPrecision = targetPrecision == null ? 0.95 : targetPrecision;
        confidenceLevel = confidenceLevel == null ? 0.95 : confidenceLevel;
        auditRate = auditRate == null ? 0.02 : auditRate;
        minEvidence = minEvidence == null ? 100.0 : minEvidence;
        evidenceHalfLife = evidenceHalfLife == null ? 5000.0 : evidenceHalfLife;
        bins = bins == null ? 50 : bins;
        maxThresholdStep = maxThresholdStep == null ? 0.02 : maxThresholdStep;
        perClassThresholds = perClassThresholds != null && perClassThresholds;
        reviewDeadlineMs = reviewDeadlineMs == null ? 600_000L : reviewDeadlineMs;
        expiryFallback = expiryFallback == null ? ExpiryFallback.MODEL : expiryFallback;
        maxPendingReviews = maxPendingReviews == null ? 100_000L : maxPendingReviews;
        budget = budget == null ? 0.1 : budget;
        strategy = strategy == null ? "rand-var-uncertainty" : strategy;
    }

    public static PolicySpec defaults() {
        return new PolicySpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    void validate(Problems p, String path) {
        p.check(targetPrecision > 0 && targetPrecision < 1, path + ".targetPrecision",
                "must be in (0, 1), was " + targetPrecision);
        p.check(confidenceLevel >= 0.5 && confidenceLevel < 1, path + ".confidenceLevel",
                "must be in [0.5, 1), was " + confidenceLevel);
        p.check(auditRate > 0 && auditRate <= 1, path + ".auditRate", "must be in (0, 1], was " + auditRate);
        p.check(minEvidence >= 1, path + ".minEvidence", "must be ≥ 1, was " + minEvidence);
        p.positive(evidenceHalfLife, path + ".evidenceHalfLife");
        p.check(bins >= 2 && bins <= 1000, path + ".bins", "must be in [2, 1000], was " + bins);
        p.check(maxThresholdStep > 0 && maxThresholdStep <= 1, path + ".maxThresholdStep",
                "must be in (0, 1], was " + maxThresholdStep);
        p.check(reviewDeadlineMs >= 1, path + ".reviewDeadlineMs", "must be ≥ 1, was " + reviewDeadlineMs);
        p.check(maxPendingReviews >= 1, path + ".maxPendingReviews", "must be ≥ 1, was " + maxPendingReviews);
        p.check(budget > 0 && budget <= 1, path + ".budget", "must be in (0, 1], was " + budget);
        p.check(java.util.Set.of("random", "fixed-uncertainty", "var-uncertainty", "rand-var-uncertainty",
                "selective-sampling").contains(strategy), path + ".strategy", "unknown strategy '" + strategy + "'");
    }
}
