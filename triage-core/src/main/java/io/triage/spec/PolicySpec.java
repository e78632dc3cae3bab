package io.triage.spec;

import java.io.Serializable;

/**
 * Routing policy of one model: the promise (target precision), the audit rate and how thresholds move.
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
 * @param margin              how far above the target the certificate certifies and the controller aims, so that
 *                            windows of a few hundred automated decisions keep the target despite sampling noise
 *                            (default 0.1 (1 − target) + 0.005)
 * @param controllerGain      threshold move of the error-budget controller per wrong audit (default 0.03)
 * @param challengeEvery      verified outcomes a challenger version gets to beat the serving one before a fresh
 *                            copy of the learning model replaces it (default 1000)
 * @param staleLease          records a Scorer subtask may automate under one policy update before it hears from
 *                            the Learner again; then it sends records to review (route STALE); 0 = no limit
 */
public record PolicySpec(PolicyMode mode, Double targetPrecision, Double confidenceLevel, Double auditRate,
                         Double minEvidence, Double evidenceHalfLife, Integer bins, Double maxThresholdStep,
                         Boolean perClassThresholds, Long reviewDeadlineMs, ExpiryFallback expiryFallback,
                         Long maxPendingReviews, Double budget, String strategy, Double margin,
                         Double controllerGain, Integer challengeEvery, Long staleLease) implements Serializable {
    public PolicySpec(PolicyMode mode, Double targetPrecision, Double confidenceLevel, Double auditRate,
                      Double minEvidence, Double evidenceHalfLife, Integer bins, Double maxThresholdStep,
                      Boolean perClassThresholds, Long reviewDeadlineMs, ExpiryFallback expiryFallback,
                      Long maxPendingReviews, Double budget, String strategy) {
        this(mode, targetPrecision, confidenceLevel, auditRate, minEvidence, evidenceHalfLife, bins, maxThresholdStep,
                perClassThresholds, reviewDeadlineMs, expiryFallback, maxPendingReviews, budget, strategy, null, null,
                null, null);
    }

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
        expiryFallback = expiryFallback == null ? ExpiryFallback.ABSTAIN : expiryFallback;
        maxPendingReviews = maxPendingReviews == null ? 100_000L : maxPendingReviews;
        budget = budget == null ? 0.1 : budget;
        strategy = strategy == null ? "rand-var-uncertainty" : strategy;
        margin = margin == null ? 0.1 * Math.max(0, 1 - targetPrecision) + 0.005 : margin;
        controllerGain = controllerGain == null ? 0.03 : controllerGain;
        challengeEvery = challengeEvery == null ? 1000 : challengeEvery;
        staleLease = staleLease == null ? 2000L : staleLease;
    }

    /** This policy with another target precision (the margin follows unless it was set). */
    public PolicySpec withTargetPrecision(double target) {
        return new PolicySpec(mode, target, confidenceLevel, auditRate, minEvidence, evidenceHalfLife, bins,
                maxThresholdStep, perClassThresholds, reviewDeadlineMs, expiryFallback, maxPendingReviews, budget,
                strategy, null, controllerGain, challengeEvery, staleLease);
    }

    /** This policy in budget mode with the given budget and strategy. */
    public PolicySpec withBudget(double share, String activeStrategy) {
        return new PolicySpec(PolicyMode.BUDGET, targetPrecision, confidenceLevel, auditRate, minEvidence,
                evidenceHalfLife, bins, maxThresholdStep, perClassThresholds, reviewDeadlineMs, expiryFallback,
                maxPendingReviews, share, activeStrategy, margin, controllerGain, challengeEvery, staleLease);
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
        // a target out of range is reported once, above, not again through its margin
        p.check(margin >= 0 && (targetPrecision >= 1 || targetPrecision + margin < 1), path + ".margin",
                "must be ≥ 0 with targetPrecision + margin < 1, was " + margin);
        p.check(controllerGain > 0 && controllerGain <= 0.5, path + ".controllerGain",
                "must be in (0, 0.5], was " + controllerGain);
        p.check(challengeEvery >= 1, path + ".challengeEvery", "must be ≥ 1, was " + challengeEvery);
        p.check(staleLease >= 0, path + ".staleLease", "must be ≥ 0, was " + staleLease);
    }
}
