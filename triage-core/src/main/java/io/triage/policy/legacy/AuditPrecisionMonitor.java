package io.triage.policy.legacy;

import io.triage.policy.AuditMonitorState;
import io.triage.policy.EvidenceState;

import io.triage.policy.PrecisionBound;

/**
 * Watches the most recent audited automated decisions — a uniform sample of what is being automated now —
 * and alarms as soon as their precision is confidently below the target: the upper Wilson bound of the
 * window's precision under the target. Aimed at the promise itself, it fires after a few dozen audits, long
 * before a general change detector has enough evidence, which keeps a drift from eating a window's precision.
 */
public final class AuditPrecisionMonitor {
    private final double target;
    private final double z;
    private final int minOutcomes;
    private final boolean[] window;
    private int next;
    private int size;
    private double lastAlarm = Double.NaN;

    /**
     * @param target       the promised precision
     * @param confidence   confidence level of the upper bound (e.g. 0.95)
     * @param capacity     how many recent audits are kept
     * @param minOutcomes  audits needed before it may alarm
     */
    public AuditPrecisionMonitor(double target, double confidence, int capacity, int minOutcomes) {
        this.target = target;
        this.z = PrecisionBound.normalQuantile(confidence);
        this.window = new boolean[capacity];
        this.minOutcomes = minOutcomes;
    }

    public static AuditPrecisionMonitor restore(double target, double confidence, int capacity, int minOutcomes,
                                                AuditMonitorState s) {
        AuditPrecisionMonitor m = new AuditPrecisionMonitor(target, confidence, capacity, minOutcomes);
        boolean[] w = s.outcomes();
        for (int i = 0; i < w.length && i < capacity; i++) m.window[i] = w[i];
        m.next = s.next() % capacity;
        m.size = Math.min(s.size(), capacity);
        return m;
    }

    public AuditMonitorState state() {
        return new AuditMonitorState(window.clone(), next, size);
    }

    /** Adds an audit outcome; true when the recent precision is confidently below the target (then it resets). */
    public boolean add(boolean correct) {
        window[next] = correct;
        next = (next + 1) % window.length;
        size = Math.min(size + 1, window.length);
        if (size < minOutcomes || upperBound() >= target) return false;
        lastAlarm = precision();
        size = 0;
        next = 0;
        return true;
    }

    /** The recent precision that raised the last alarm. */
    public double lastAlarmPrecision() {
        return lastAlarm;
    }

    /** Recent precision (NaN when empty). */
    public double precision() {
        if (size == 0) return Double.NaN;
        int ok = 0;
        for (int i = 0; i < size; i++) if (window[(next - 1 - i + window.length) % window.length]) ok++;
        return (double) ok / size;
    }

    /** One-sided upper Wilson bound of the recent precision. */
    public double upperBound() {
        double p = precision();
        if (Double.isNaN(p)) return 1.0;
        return 1.0 - PrecisionBound.wilsonLower(1.0 - p, size, z);
    }
}
