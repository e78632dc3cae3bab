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
 * @param riskScope           what δ = 1 − confidenceLevel covers: every certificate of the job's life together
 *                            (LIFETIME, default) or each certificate on its own (CERTIFICATE), see {@link RiskScope}
 */
public record PolicySpec(PolicyMode mode, Double targetPrecision, Double confidenceLevel, Double auditRate,
                         Double minEvidence, Double evidenceHalfLife, Integer bins, Double maxThresholdStep,
                         Boolean perClassThresholds, Long reviewDeadlineMs, ExpiryFallback expiryFallback,
                         Long maxPendingReviews, Double budget, String strategy, Double margin,
                         Double controllerGain, Integer challengeEvery, Long staleLease, RiskScope riskScope)
        implements Serializable {
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
        strategy = strategy == null ? StrategyKind.RAND_VAR_UNCERTAINTY.code() : strategy;
        margin = margin == null ? 0.1 * Math.max(0, 1 - targetPrecision) + 0.005 : margin;
        controllerGain = controllerGain == null ? 0.03 : controllerGain;
        challengeEvery = challengeEvery == null ? 1000 : challengeEvery;
        staleLease = staleLease == null ? 2000L : staleLease;
        riskScope = riskScope == null ? RiskScope.LIFETIME : riskScope;
    }

    /** This policy with another target precision (the margin follows it). */
    public PolicySpec withTargetPrecision(double target) {
        return toBuilder().targetPrecision(target).margin(null).build();
    }

    /** This policy in budget mode with the given budget and strategy. */
    public PolicySpec withBudget(double share, String activeStrategy) {
        return toBuilder().mode(PolicyMode.BUDGET).budget(share).strategy(activeStrategy).build();
    }

    /** A policy with the defaults for every field not set. */
    public static Builder builder() {
        return new Builder();
    }

    /** This policy's fields as a builder, to change some (the margin is kept: clear it to let it follow the target). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.targetPrecision = targetPrecision;
        b.confidenceLevel = confidenceLevel;
        b.auditRate = auditRate;
        b.minEvidence = minEvidence;
        b.evidenceHalfLife = evidenceHalfLife;
        b.bins = bins;
        b.maxThresholdStep = maxThresholdStep;
        b.perClassThresholds = perClassThresholds;
        b.reviewDeadlineMs = reviewDeadlineMs;
        b.expiryFallback = expiryFallback;
        b.maxPendingReviews = maxPendingReviews;
        b.budget = budget;
        b.strategy = strategy;
        b.margin = margin;
        b.controllerGain = controllerGain;
        b.challengeEvery = challengeEvery;
        b.staleLease = staleLease;
        b.riskScope = riskScope;
        return b;
    }

    /** Sets fields by name; unset or null ones take the defaults above. */
    public static final class Builder {
        private PolicyMode mode;
        private Double targetPrecision;
        private Double confidenceLevel;
        private Double auditRate;
        private Double minEvidence;
        private Double evidenceHalfLife;
        private Integer bins;
        private Double maxThresholdStep;
        private Boolean perClassThresholds;
        private Long reviewDeadlineMs;
        private ExpiryFallback expiryFallback;
        private Long maxPendingReviews;
        private Double budget;
        private String strategy;
        private Double margin;
        private Double controllerGain;
        private Integer challengeEvery;
        private Long staleLease;
        private RiskScope riskScope;

        private Builder() {}

        public Builder mode(PolicyMode v) {
            mode = v;
            return this;
        }

        public Builder targetPrecision(Double v) {
            targetPrecision = v;
            return this;
        }

        public Builder confidenceLevel(Double v) {
            confidenceLevel = v;
            return this;
        }

        public Builder auditRate(Double v) {
            auditRate = v;
            return this;
        }

        public Builder minEvidence(Double v) {
            minEvidence = v;
            return this;
        }

        public Builder evidenceHalfLife(Double v) {
            evidenceHalfLife = v;
            return this;
        }

        public Builder bins(Integer v) {
            bins = v;
            return this;
        }

        public Builder maxThresholdStep(Double v) {
            maxThresholdStep = v;
            return this;
        }

        public Builder perClassThresholds(Boolean v) {
            perClassThresholds = v;
            return this;
        }

        public Builder reviewDeadlineMs(Long v) {
            reviewDeadlineMs = v;
            return this;
        }

        public Builder expiryFallback(ExpiryFallback v) {
            expiryFallback = v;
            return this;
        }

        public Builder maxPendingReviews(Long v) {
            maxPendingReviews = v;
            return this;
        }

        public Builder budget(Double v) {
            budget = v;
            return this;
        }

        public Builder strategy(String v) {
            strategy = v;
            return this;
        }

        public Builder margin(Double v) {
            margin = v;
            return this;
        }

        public Builder controllerGain(Double v) {
            controllerGain = v;
            return this;
        }

        public Builder challengeEvery(Integer v) {
            challengeEvery = v;
            return this;
        }

        public Builder riskScope(RiskScope v) {
            riskScope = v;
            return this;
        }

        public Builder staleLease(Long v) {
            staleLease = v;
            return this;
        }

        public PolicySpec build() {
            return new PolicySpec(mode, targetPrecision, confidenceLevel, auditRate, minEvidence, evidenceHalfLife, bins, maxThresholdStep, perClassThresholds, reviewDeadlineMs, expiryFallback, maxPendingReviews, budget, strategy, margin, controllerGain, challengeEvery, staleLease, riskScope);
        }
    }

    public static PolicySpec defaults() {
        return builder().build();
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
        p.check(StrategyKind.of(strategy).isPresent(), path + ".strategy",
                "unknown strategy '" + strategy + "' " + StrategyKind.codes());
        // a target out of range is reported once, above, not again through its margin
        p.check(margin >= 0 && (targetPrecision >= 1 || targetPrecision + margin < 1), path + ".margin",
                "must be ≥ 0 with targetPrecision + margin < 1, was " + margin);
        p.check(controllerGain > 0 && controllerGain <= 0.5, path + ".controllerGain",
                "must be in (0, 0.5], was " + controllerGain);
        p.check(challengeEvery >= 1, path + ".challengeEvery", "must be ≥ 1, was " + challengeEvery);
        p.check(staleLease >= 0, path + ".staleLease", "must be ≥ 0, was " + staleLease);
    }
}
