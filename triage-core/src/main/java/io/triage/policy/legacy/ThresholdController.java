package io.triage.policy.legacy;

import io.triage.policy.Threshold;

import io.triage.policy.AuditMonitorState;
import io.triage.policy.EvidenceState;

import io.triage.policy.PrecisionBound;

import io.triage.spec.PolicySpec;

/**
 * Picks the automation threshold: the lowest confidence whose lower confidence bound of precision, over
 * all verified outcomes at or above it, reaches the target with enough evidence. Loosening moves are
 * rate-limited (no oscillation); tightening is immediate (safety first); no evidence means no automation.
 */
public final class ThresholdController {



    private final double target;
    private final double z;
    private final double minEvidence;
    private final double maxStep;

    public ThresholdController(PolicySpec p) {
        this(p.targetPrecision(), p.confidenceLevel(), p.minEvidence(), p.maxThresholdStep());
    }

    public ThresholdController(double target, double confidenceLevel, double minEvidence, double maxStep) {
        this.target = target;
        this.z = PrecisionBound.normalQuantile(confidenceLevel);
        this.minEvidence = minEvidence;
        this.maxStep = maxStep;
    }

    public double z() {
        return z;
    }

    /**
     * The safe threshold from the evidence alone, before rate limiting; OFF when none is safe. Only the
     * lower edge of a bin that holds evidence qualifies: confidences nobody has verified are never automated.
     */
    public double safeThreshold(EvidenceHistogram h) {
        for (int b = 0; b < h.bins(); b++) {
            if (!h.hasEvidence(b)) continue;
            EvidenceHistogram.Estimate e = h.above(b, z);
            if (e.effectiveN() >= minEvidence && e.lowerBound() >= target) return h.edge(b);
        }
        return Threshold.OFF;
    }

    /** The next threshold from the current one: down by at most maxStep, up at once. */
    public double next(double current, EvidenceHistogram h) {
        double safe = safeThreshold(h);
        if (safe >= current || Threshold.off(current)) return safe;
        return Math.max(safe, current - maxStep);
    }

    /** Estimate at a threshold (for reporting what automation promises). */
    public EvidenceHistogram.Estimate estimateAt(double threshold, EvidenceHistogram h) {
        if (Threshold.off(threshold)) return new EvidenceHistogram.Estimate(Double.NaN, 0.0, 0.0);
        return h.above(h.bin(threshold), z);
    }
}
