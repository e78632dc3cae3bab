package io.triage.policy;

import java.util.Arrays;

/**
 * Holds late ground truth against the promise, without assuming anything about which records get an outcome.
 * Automated decisions are counted per window of decision time, and so are the outcomes that show one of them
 * wrong. Known errors are a floor under the true errors: however selectively outcomes arrive (chargebacks come
 * for the bad approvals), a window whose known errors already exceed (1 − p*) of its automated decisions had a
 * realized precision below p* — a contradiction proven, not estimated. A window is judged once it has closed
 * (later decisions cannot dilute it), and at most once. The precision among joined outcomes is reported beside
 * it, but as what it is: a rate over the records that happened to get an outcome, not an estimate of the
 * promise.
 * <p>
 * State is bounded: windows older than the retention (no outcome can join them any more) are dropped.
 */
public final class OutcomeCheck {
    private final double targetPrecision;
    private final long windowMs;
    private final long retentionMs;
    private final long minAutomated;
    private long[] windows;
    private long[] automated;
    private long[] knownWrong;
    private boolean[] alarmed;
    private long latest = Long.MIN_VALUE;

    /** A window whose known errors contradict the promise. */
    public record Contradiction(long windowStart, long windowEnd, long automated, long knownWrong, double atMost) {
        public String reason() {
            return "outcomes contradict the promise: " + knownWrong + " of " + automated
                    + " automated decisions of the window [" + windowStart + ", " + windowEnd
                    + ") are known wrong, so their precision was at most " + String.format("%.4f", atMost);
        }
    }

    public OutcomeCheck(double targetPrecision, long windowMs, long retentionMs, long minAutomated, OutcomeCheckState s) {
        this.targetPrecision = targetPrecision;
        this.windowMs = windowMs;
        this.retentionMs = retentionMs;
        this.minAutomated = minAutomated;
        if (s == null || s.windows() == null) {
            windows = automated = knownWrong = new long[0];
            alarmed = new boolean[0];
        } else {
            windows = s.windows().clone();
            automated = s.automated().clone();
            knownWrong = s.knownWrong().clone();
            alarmed = s.alarmed().clone();
            latest = s.latest();
        }
    }

    public OutcomeCheckState state() {
        return new OutcomeCheckState(windows.clone(), automated.clone(), knownWrong.clone(), alarmed.clone(), latest);
    }

    /** An automated decision made at {@code decidedAt}; returns a window it closed that contradicts, or null. */
    public Contradiction automated(long decidedAt) {
        int i = slot(decidedAt);
        automated[i]++;
        latest = Math.max(latest, decidedAt);
        forgetOld();
        return judge();
    }

    /** An outcome showed the automated decision made at {@code decidedAt} wrong. */
    public Contradiction knownWrong(long decidedAt) {
        if (decidedAt < latest - retentionMs - windowMs) return null; // its window is forgotten
        int i = slot(decidedAt);
        knownWrong[i]++;
        return judge();
    }

    /** Windows judged so far that contradicted the promise. */
    public long contradictions() {
        long n = 0;
        for (boolean a : alarmed) if (a) n++;
        return n;
    }

    private Contradiction judge() {
        for (int i = 0; i < windows.length; i++) {
            long end = (windows[i] + 1) * windowMs;
            if (alarmed[i] || latest < end || automated[i] < minAutomated) continue;
            // precision at most 1 − k/n proves a miss only below p*; 1 − p* is inexact in doubles (1 − 0.9 is
            // 0.0999…), so an exact k/n = 1 − p* must not pass for more than it is
            if ((double) knownWrong[i] / automated[i] > (1 - targetPrecision) + 1e-9) {
                alarmed[i] = true;
                return new Contradiction(windows[i] * windowMs, end, automated[i], knownWrong[i],
                        1 - (double) knownWrong[i] / automated[i]);
            }
        }
        return null;
    }

    private int slot(long at) {
        long w = Math.floorDiv(at, windowMs);
        for (int i = 0; i < windows.length; i++) if (windows[i] == w) return i;
        int n = windows.length;
        windows = Arrays.copyOf(windows, n + 1);
        automated = Arrays.copyOf(automated, n + 1);
        knownWrong = Arrays.copyOf(knownWrong, n + 1);
        alarmed = Arrays.copyOf(alarmed, n + 1);
        windows[n] = w;
        return n;
    }

    private void forgetOld() {
        long horizon = Math.floorDiv(latest - retentionMs, windowMs) - 1;
        int keep = 0;
        for (long w : windows) if (w >= horizon) keep++;
        if (keep == windows.length) return;
        long[] w2 = new long[keep], a2 = new long[keep], k2 = new long[keep];
        boolean[] al2 = new boolean[keep];
        int j = 0;
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] < horizon) continue;
            w2[j] = windows[i];
            a2[j] = automated[i];
            k2[j] = knownWrong[i];
            al2[j++] = alarmed[i];
        }
        windows = w2;
        automated = a2;
        knownWrong = k2;
        alarmed = al2;
    }
}
