package io.triage.policy.guarantee;

import java.util.Arrays;

/**
 * The thresholds a certificate may certify, fixed before any outcome is seen (a data-chosen grid would make
 * the choice among thresholds peek at the data). For C classes confidences lie in [1/C, 1]: 19 evenly spaced
 * candidates cover the body, six more the top where precise models live.
 */
public final class CandidateGrid {
    private CandidateGrid() {}

    public static double[] forClasses(int classes) {
        double lo = 1.0 / Math.max(2, classes);
        double[] top = {0.98, 0.985, 0.99, 0.995, 0.998, 0.999};
        double[] g = new double[19 + top.length];
        for (int i = 1; i <= 19; i++) g[i - 1] = lo + (1 - lo) * i / 20.0;
        System.arraycopy(top, 0, g, 19, top.length);
        Arrays.sort(g);
        return g;
    }
}
