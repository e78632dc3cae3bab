package io.triage.policy.guarantee;

/**
 * Change detector on the audited automated decisions, aimed at the promise itself: CUSUM e-detectors (Shin,
 * Ramdas and Rinaldo 2022) of "the error rate of what is automated now exceeds α = 1 − p*". Audits are a
 * uniform draw from the automated records, so each is a Bernoulli(error rate) outcome; the likelihood ratio
 * of error rate α₁ > α against α is an e-value for every rate ≤ α, and each statistic
 * S ← max(S, 0) + log LR raises an alarm at log(k/δ). Three alternatives (a small, a doubled and a large
 * shortfall) share the false-alarm budget, so the mean time between false alarms stays ≥ 1/δ audits while
 * the promise holds, and a large drop is seen within a few dozen audits.
 */
public final class ErrorDetector {
    private final double[] logIfWrong;
    private final double[] logIfRight;
    private final double alarmAt;
    private final double[] statistics;

    /**
     * @param target  promised precision p*
     * @param delta   1 / (audits between false alarms)
     */
    public ErrorDetector(double target, double delta) {
        double a0 = 1 - target;
        double[] a1 = {a0 + Math.max(0.02, a0 / 2), 2 * a0, Math.max(3 * a0, 0.5)};
        logIfWrong = new double[a1.length];
        logIfRight = new double[a1.length];
        for (int k = 0; k < a1.length; k++) {
            double a = Math.min(0.95, a1[k]);
            logIfWrong[k] = Math.log(a / a0);
            logIfRight[k] = Math.log((1 - a) / (1 - a0));
        }
        this.statistics = new double[a1.length];
        this.alarmAt = Math.log(a1.length / delta);
    }

    /** Restores from {@link #statistic()}-style state: the statistics of the alternatives. */
    public static ErrorDetector restore(double target, double delta, double[] statistics) {
        ErrorDetector d = new ErrorDetector(target, delta);
        if (statistics != null) System.arraycopy(statistics, 0, d.statistics, 0, Math.min(statistics.length, d.statistics.length));
        return d;
    }

    /** One audited outcome; true on an alarm (the statistics then start again). */
    public boolean observe(boolean error) {
        boolean alarm = false;
        for (int k = 0; k < statistics.length; k++) {
            statistics[k] = Math.max(statistics[k], 0) + (error ? logIfWrong[k] : logIfRight[k]);
            alarm |= statistics[k] >= alarmAt;
        }
        if (alarm) reset();
        return alarm;
    }

    /** The largest statistic (compared with log(3/δ)). */
    public double statistic() {
        double m = Double.NEGATIVE_INFINITY;
        for (double s : statistics) m = Math.max(m, s);
        return m;
    }

    public double[] statistics() {
        return statistics.clone();
    }

    public void reset() {
        java.util.Arrays.fill(statistics, 0);
    }
}
