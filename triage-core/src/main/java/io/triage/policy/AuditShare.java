package io.triage.policy;

/**
 * The audit probability π(c) of a confident record, by its confidence c and the threshold τ it cleared: the
 * base rate a far above the threshold, rising linearly to {@value #PEAK} × a (at most 1) at the threshold over a
 * band of {@value #BAND}, or a quarter of the room left above the threshold when that is less (above τ = 0.95 a
 * fixed band would cover every confident record and simply triple the audits). The records just above the threshold are where automated errors are most frequent and
 * where the threshold's fate is decided, so they are verified more often; each audit carries the weight 1/π(c)
 * of its own draw, so weighted sums stay unbiased, and π(c) ≥ a keeps every weight within 1/a, the bound the
 * certificate and the controller size their bets and steps for. A pure function of what routing sees, so a
 * replay draws the same audits.
 */
public final class AuditShare {
    /** Confidence above the threshold over which the extra audits fade out. */
    public static final double BAND = 0.05;
    /** How many times the base rate a record exactly at the threshold is audited. */
    public static final double PEAK = 3.0;

    private AuditShare() {}

    /**
     * @param confidence the record's confidence (≥ threshold: it would be automated)
     * @param threshold  the threshold it cleared
     * @param base       the model's audit rate a
     */
    public static double at(double confidence, double threshold, double base) {
        double band = Math.min(BAND, (1 - threshold) / 4);
        if (band <= 0) return base;
        double nearness = Math.max(0, 1 - (confidence - threshold) / band);
        return Math.min(1.0, base * (1 + (PEAK - 1) * Math.min(1, nearness)));
    }

    /**
     * How much of an audit a check that needs a uniform draw from the automated records may use: an audit of
     * weight 1/π counts as a share a/π ∈ (0, 1] of a uniform one, a the smallest rate it could have had (see
     * {@code policy.guarantee.ErrorDetector}).
     */
    public static double uniformShare(double labelWeight, double base) {
        return Math.min(1.0, Math.max(0, base * labelWeight));
    }
}
