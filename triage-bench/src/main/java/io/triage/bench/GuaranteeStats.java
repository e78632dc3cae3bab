package io.triage.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-window promise of one or more runs (the seeds of one stream × policy × target) at one window size,
 * pooled over every window of every run: counted windows are those with at least
 * {@link WindowCheck#MIN_AUTOMATED} automated decisions.
 *
 * @param windowSize     records per window
 * @param runs           runs pooled
 * @param windows        windows of all runs
 * @param counted        counted windows
 * @param minPrecision   lowest realized precision of a counted window (NaN: none counted)
 * @param p5Precision    5th percentile of realized precision over counted windows (linear interpolation)
 * @param belowTarget    share of counted windows below the target
 * @param belowMargin    share of counted windows below target − {@link #MARGIN}
 * @param automation     automated records / records
 * @param oracle         records the per-window hindsight oracle automates / records
 * @param ratio          automation / oracle (NaN when the oracle automates nothing)
 * @param worstRunRatio  the lowest ratio of a single run
 * @param humanEffort    (reviews + audits + cold-start requests) / records
 */
public record GuaranteeStats(int windowSize, int runs, long windows, long counted, double minPrecision,
                             double p5Precision, double belowTarget, double belowMargin, double automation,
                             double oracle, double ratio, double worstRunRatio, double humanEffort) {
    /** The hard floor: no counted window below target − 0.03. */
    public static final double MARGIN = 0.03;

    static GuaranteeStats of(int size, double target, List<List<WindowCheck>> runs) {
        List<Double> precisions = new ArrayList<>();
        long windows = 0, records = 0, auto = 0, oracle = 0, asked = 0, below = 0, belowMargin = 0;
        double worstRatio = Double.NaN;
        for (List<WindowCheck> run : runs) {
            long runAuto = 0, runOracle = 0;
            for (WindowCheck w : run) {
                windows++;
                records += w.records();
                runAuto += w.automated();
                runOracle += w.oracle();
                asked += w.requested();
                if (!w.counted()) continue;
                precisions.add(w.precision());
                if (w.precision() < target) below++;
                if (w.precision() < target - MARGIN) belowMargin++;
            }
            auto += runAuto;
            oracle += runOracle;
            double r = runOracle == 0 ? Double.NaN : (double) runAuto / runOracle;
            if (!Double.isNaN(r) && (Double.isNaN(worstRatio) || r < worstRatio)) worstRatio = r;
        }
        double[] p = precisions.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long counted = p.length;
        return new GuaranteeStats(size, runs.size(), windows, counted, p.length == 0 ? Double.NaN : p[0],
                quantile(p, 0.05), share(below, counted), share(belowMargin, counted), share(auto, records),
                share(oracle, records), oracle == 0 ? Double.NaN : (double) auto / oracle, worstRatio,
                share(asked, records));
    }

    /** Quantile of sorted values with linear interpolation between order statistics (numpy's and pandas' default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        if (pos == lo || sorted[lo] == sorted[hi]) return sorted[lo]; // keeps ∞ − ∞ out
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Median recovery, a change that never recovered counting as infinitely slow (infinite: most never did). */
    static double medianRecovery(long[] values) {
        double[] v = Arrays.stream(values).mapToDouble(x -> x == Recovery.NEVER ? Double.POSITIVE_INFINITY : x)
                .sorted().toArray();
        return quantile(v, 0.5);
    }

    private static double share(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
