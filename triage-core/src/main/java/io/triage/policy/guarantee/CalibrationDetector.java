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
 */
public final class CalibrationDetector {
    static final double[] BETS = {0.1, 0.3, 0.6};

    private final CusumBank bank;

    /** @param delta 1 / (outcomes between false alarms) */
    public CalibrationDetector(double delta) {
        this(delta, null);
    }

    private CalibrationDetector(double delta, double[] statistics) {
        this.bank = new CusumBank(BETS.length, delta, statistics);
    }

    public static CalibrationDetector restore(double delta, double[] statistics) {
        return new CalibrationDetector(delta, statistics);
    }

    /** One verified outcome of the version; true on an alarm (the statistics then start again). */
    public boolean observe(boolean error, double confidence) {
        double r = (error ? 1 : 0) - (1 - confidence);
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
