package io.triage.policy.guarantee;

/**
 * Change detector on the audited automated decisions, aimed at the promise itself: CUSUM e-detectors (Shin,
 * Ramdas and Rinaldo 2022) of "the error rate of what is automated now exceeds α = 1 − p*". Audits are a
 * uniform draw from the automated records, so each is a Bernoulli(error rate) outcome; the likelihood ratio
 * of error rate α₁ > α against α is an e-value for every rate ≤ α, and each statistic
 * S ← max(S, 0) + log LR raises an alarm at log(k/δ). Three alternatives (a small, a doubled and a large
 * shortfall) share the false-alarm budget, so the mean time between false alarms stays ≥ 1/δ audits while
 * the promise holds, and a large drop is seen within a few dozen audits.
 * <p>
 * Audits are drawn more often just above the threshold, where errors are more frequent, so they are not a
 * uniform draw. An audit drawn with probability π, where a uniform draw would have used a ≤ π, enters with the
 * share s = a/π ∈ (0, 1] as the e-value 1 + s(LR − 1): averaged over the audited records (drawn ∝ π) it is
 * 1 + a·(E[LR] − 1)/E[π] with E[LR] taken over the automated records, ≤ 1 whenever their error rate is ≤ α.
 * With s = 1 (a uniform audit) it is the likelihood ratio itself.
 */
public final class ErrorDetector {
    private final double[] logIfWrong;
    private final double[] logIfRight;
    private final CusumBank bank;

    /**
     * @param target  promised precision p*
     * @param delta   1 / (audits between false alarms)
     */
    public ErrorDetector(double target, double delta) {
        this(target, delta, null);
    }

    private ErrorDetector(double target, double delta, double[] statistics) {
        double a0 = 1 - target;
        double[] a1 = {a0 + Math.max(0.02, a0 / 2), 2 * a0, Math.max(3 * a0, 0.5)};
        logIfWrong = new double[a1.length];
        logIfRight = new double[a1.length];
        for (int k = 0; k < a1.length; k++) {
            double a = Math.min(0.95, a1[k]);
            logIfWrong[k] = Math.log(a / a0);
            logIfRight[k] = Math.log((1 - a) / (1 - a0));
        }
        this.bank = new CusumBank(a1.length, delta, statistics);
    }

    /** Restores from {@link #statistics()}. */
    public static ErrorDetector restore(double target, double delta, double[] statistics) {
        return new ErrorDetector(target, delta, statistics);
    }

    /** One uniformly drawn audited outcome; true on an alarm (the statistics then start again). */
    public boolean observe(boolean error) {
        return observe(error, 1.0);
    }

    /**
     * One audited outcome counted as the share {@code uniformShare} = a/π of a uniform draw (see above); true on an
     * alarm (the statistics then start again).
     */
    public boolean observe(boolean error, double uniformShare) {
        if (uniformShare >= 1) return bank.observe(k -> error ? logIfWrong[k] : logIfRight[k]);
        return bank.observe(k -> Math.log1p(uniformShare * Math.expm1(error ? logIfWrong[k] : logIfRight[k])));
    }

    /** The largest statistic (compared with log(3/δ)). */
    public double statistic() {
        return bank.statistic();
    }

    public double[] statistics() {
        return bank.statistics();
    }

    public void reset() {
        bank.reset();
    }
}
