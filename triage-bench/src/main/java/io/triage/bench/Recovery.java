package io.triage.bench;

/**
 * How long automation takes to come back after a known change point: windows of {@code window} records
 * starting at the change point, until the first whose automation reaches half of the hindsight oracle's;
 * measured in labels that reached the learner from the change point to the end of that window. A change
 * whose segment (up to the next change point or the stream's end) never gets there did not recover (-1).
 */
final class Recovery {
    static final int WINDOW = 1000;
    static final double SHARE_OF_ORACLE = 0.5;
    static final long NEVER = -1;

    private Recovery() {}

    static long[] labels(RecordLog log, long[] changePoints, double target) {
        long[] out = new long[changePoints.length];
        for (int c = 0; c < changePoints.length; c++) {
            int from = (int) Math.min(changePoints[c], log.size());
            int end = c + 1 < changePoints.length ? (int) Math.min(changePoints[c + 1], log.size()) : log.size();
            out[c] = NEVER;
            long labels = 0;
            for (int s = from; s + WINDOW <= end; s += WINDOW) {
                WindowCheck w = WindowCheck.of(log, s, s + WINDOW, target);
                labels += w.labels();
                if (w.automated() >= SHARE_OF_ORACLE * w.oracle()) {
                    out[c] = labels;
                    break;
                }
            }
        }
        return out;
    }
}
