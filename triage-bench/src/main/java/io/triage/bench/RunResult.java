package io.triage.bench;

import java.util.List;
import java.util.Map;

/**
 * All a run measured: overall, the guarantee checks per window size (guarantee mode; empty in budget mode),
 * the labels until automation recovered after each known change point ({@link Recovery#NEVER}: it did not),
 * where drift alarms fell, and what happened to label requests.
 *
 * @param checks       window size → consecutive windows of that size
 * @param recoveries   per change point, labels until recovery
 * @param requested    records sent to a human
 * @param labels       labels that reached the learner
 * @param expired      requests that expired in the review backlog
 * @param noiseCeiling the stream's precision ceiling (NaN: unknown)
 */
public record RunResult(RunConfig config, WindowResult overall, Map<Integer, List<WindowCheck>> checks,
                        long[] recoveries, long[] alarmPositions, long[] changePoints, long requested, long labels,
                        long expired, double noiseCeiling, double seconds) {

    public double humanEffort() {
        return overall.records() == 0 ? Double.NaN : (double) requested / overall.records();
    }

    public double recordsPerSecond() {
        return overall.records() / Math.max(1e-9, seconds);
    }
}
