package io.triage.bench;

import java.util.List;

/** All a run measured: per window, overall, and where drift alarms fell. */
public record RunResult(RunConfig config, List<WindowResult> windows, WindowResult overall, long[] alarmPositions,
                        long[] changePoints, double seconds) {

    /** Lowest realized precision over full windows that automated at least {@code minAuto} records. */
    public double worstWindowPrecision(long minAuto) {
        double worst = Double.NaN;
        for (WindowResult w : windows) {
            if (Double.isNaN(w.realizedPrecision()) || w.automationRate() * w.records() < minAuto) continue;
            if (Double.isNaN(worst) || w.realizedPrecision() < worst) worst = w.realizedPrecision();
        }
        return worst;
    }

    public double recordsPerSecond() {
        return overall.records() / Math.max(1e-9, seconds);
    }
}
