package io.triage.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Drift alarms against known change points: a change point is detected by the first alarm within
 * {@code tolerance} records after it (and before the next one); alarms outside every such interval are false.
 */
public record DriftScore(int alarms, int changePoints, int detected, List<Long> delays, int falseAlarms) {

    public static DriftScore of(long[] alarms, long[] cps, long tolerance) {
        List<Long> delays = new ArrayList<>();
        boolean[] explained = new boolean[alarms.length];
        for (int c = 0; c < cps.length; c++) {
            long end = Math.min(cps[c] + tolerance, c + 1 < cps.length ? cps[c + 1] : Long.MAX_VALUE);
            boolean first = true;
            for (int a = 0; a < alarms.length; a++) {
                if (alarms[a] >= cps[c] && alarms[a] < end) {
                    explained[a] = true;
                    if (first) delays.add(alarms[a] - cps[c]);
                    first = false;
                }
            }
        }
        int unexplained = 0;
        for (boolean e : explained) if (!e) unexplained++;
        return new DriftScore(alarms.length, cps.length, delays.size(), delays, unexplained);
    }

    public String summary() {
        if (changePoints == 0) return alarms + " alarms (no known change points)";
        return alarms + " alarms; detected " + detected + "/" + changePoints + " changes, delays " + delays
                + "; " + falseAlarms + " alarms not after a change";
    }
}
