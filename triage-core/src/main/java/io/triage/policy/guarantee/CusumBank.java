package io.triage.policy.guarantee;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * CUSUM e-detectors run side by side on one stream, sharing one false-alarm budget: each statistic
 * S_k ← max(S_k, 0) + log e_k, with e_k an e-value under the null, and an alarm when any reaches log(k/δ) —
 * at least 1/δ observations between false alarms on average while the null holds (Shin, Ramdas and Rinaldo
 * 2022). After an alarm every statistic starts again.
 */
final class CusumBank {
    private final double alarmAt;
    private final double[] statistics;

    CusumBank(int size, double delta, double[] restored) {
        this.alarmAt = Math.log(size / delta);
        this.statistics = new double[size];
        if (restored != null) System.arraycopy(restored, 0, statistics, 0, Math.min(size, restored.length));
    }

    /** One observation, given as each detector's log e-value; true on an alarm. */
    boolean observe(IntToDoubleFunction logE) {
        boolean alarm = false;
        for (int k = 0; k < statistics.length; k++) {
            statistics[k] = Math.max(statistics[k], 0) + logE.applyAsDouble(k);
            alarm |= statistics[k] >= alarmAt;
        }
        if (alarm) reset();
        return alarm;
    }

    /** The largest statistic. */
    double statistic() {
        return Arrays.stream(statistics).max().orElse(0);
    }

    double[] statistics() {
        return statistics.clone();
    }

    void reset() {
        Arrays.fill(statistics, 0);
    }
}
