package io.triage.policy.guarantee;

/**
 * Change detector on the audited automated decisions, aimed at the promise itself: a CUSUM e-detector (Shin,
 * Ramdas and Rinaldo 2022) of "the error rate of what is automated now exceeds α = 1 − p*". Audits are a
 * uniform draw from the automated records, so each is a Bernoulli(error rate) outcome; the likelihood ratio
 * of error rate α₁ > α against α is an e-value for every rate ≤ α, and the statistic
 * S ← max(S, 0) + log LR raises an alarm at log(1/δ), which keeps the mean time between false alarms at
 * ≥ 1/δ audits while the promise holds.
 */
public final class ErrorDetector {
    private final double logIfWrong;
    private final double logIfRight;
    private final double alarmAt;
    private double statistic;

    /**
     * @param target  promised precision p*
     * @param delta   1 / (audits between false alarms)
     */
    public ErrorDetector(double target, double delta) {
        double a0 = 1 - target;
        double a1 = Math.min(0.5, a0 + Math.max(0.02, a0 / 2));
        this.logIfWrong = Math.log(a1 / a0);
        this.logIfRight = Math.log((1 - a1) / (1 - a0));
        this.alarmAt = Math.log(1 / delta);
    }

    public static ErrorDetector restore(double target, double delta, double statistic) {
        ErrorDetector d = new ErrorDetector(target, delta);
        d.statistic = statistic;
        return d;
    }

    /** One audited outcome; true on an alarm (the statistic then starts again). */
    public boolean observe(boolean error) {
        statistic = Math.max(statistic, 0) + (error ? logIfWrong : logIfRight);
        if (statistic < alarmAt) return false;
        statistic = 0;
        return true;
    }

    public double statistic() {
        return statistic;
    }

    public void reset() {
        statistic = 0;
    }
}
