package io.triage.policy;

/**
 * The one convention for "automate nothing": a threshold above every possible confidence (confidences never
 * exceed 1). Reported as null (NaN) wherever a threshold is shown.
 */
public final class Threshold {
    public static final double OFF = 2.0;

    private Threshold() {}

    public static boolean off(double t) {
        return t > 1.0;
    }

    /** NaN for "off", the threshold otherwise (what events and metrics carry). */
    public static double display(double t) {
        return off(t) ? Double.NaN : t;
    }
}
