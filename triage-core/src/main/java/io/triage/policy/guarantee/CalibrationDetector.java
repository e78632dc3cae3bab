package io.triage.policy.guarantee;

/**
 * Change detector on the serving version's calibration: is it now wrong more often than its own confidence
 * says? Each verified outcome gives r = error − (1 − confidence) ∈ [−1, 1]. While the version is calibrated (or
 * under-confident) wherever records come from, E[r | record] ≤ 0 — so the null holds for reviews and audits
 * alike, however the threshold picks them, and the plentiful reviews can be used, not only the rare audits. For
 * a bet λ ∈ (0, 1), 1 + λ r is then an e-value, and the CUSUM e-detector S ← max(S, 0) + log(1 + λ r) (Shin,
 * Ramdas and Rinaldo 2022), one per bet sharing the false-alarm budget, alarms at log(k/δ): at least 1/δ outcomes
 * between false alarms on average while the version is calibrated. After an abrupt change the version becomes
 * confidently wrong and this fires within a few hundred outcomes, long before audits alone could tell.
 * <p>
 * The null allows a {@code tolerance} of over-confidence, r = error − (1 − confidence) − tolerance: an online
 * model on a weak signal is routinely a few points over-confident, which says nothing about whether what it
 * automates keeps the promise (the certificate and the audits judge that); an abrupt change makes it wrong by
 * tens of points, which the tolerance hardly slows down.
 */
public final class CalibrationDetector {
    static final double[] BETS = {0.1, 0.3, 0.6};

    private final CusumBank bank;
    private final double tolerance;

    /**
     * @param delta     1 / (outcomes between false alarms)
     * @param tolerance over-confidence the null allows (0 ≤ tolerance &lt; 0.5)
     */
    public CalibrationDetector(double delta, double tolerance) {
        this(delta, tolerance, null);
    }

    private CalibrationDetector(double delta, double tolerance, double[] statistics) {
        if (!(tolerance >= 0 && tolerance < 0.5)) throw new IllegalArgumentException("tolerance in [0, 0.5): " + tolerance);
        this.bank = new CusumBank(BETS.length, delta, statistics);
        this.tolerance = tolerance;
    }

    public static CalibrationDetector restore(double delta, double tolerance, double[] statistics) {
        return new CalibrationDetector(delta, tolerance, statistics);
    }

    /** One verified outcome of the version; true on an alarm (the statistics then start again). */
    public boolean observe(boolean error, double confidence) {
        double r = (error ? 1 : 0) - (1 - confidence) - tolerance;
        return bank.observe(k -> Math.log1p(BETS[k] * r));
    }

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
