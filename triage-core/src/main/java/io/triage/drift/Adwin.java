package io.triage.drift;

import java.util.Arrays;

/**
 * ADWIN2 of Bifet and Gavaldà 2007 ("Learning from Time-Changing Data with Adaptive
 * Windowing"), with the constants of MOA's ADWIN.java: a cut is tested every {@code clock}
 * values once the window holds more than 10, and only at splits leaving more than
 * {@value #MIN_SUB_WINDOW} + 1 values on both sides.
 *
 * <p>The window is an exponential histogram: row i holds up to M buckets of 2^i values each
 * (total and variance), row 0 newest. A split W0|W1 (older|newer) is cut when
 * |mean0 - mean1| > eps with, for n = |W|, sigma^2 the window variance and
 * m = 1/(n0-4) + 1/(n1-4), dd = ln(2 ln n / delta):
 * eps = sqrt(2 m sigma^2 dd) + 2/3 m dd (the Bernstein-type bound MOA uses). On a cut the oldest
 * bucket is dropped and the test repeats, so the window shrinks to the post-change part.
 */
public final class Adwin implements DriftDetector {

    /** MOA's mintMinWinLength: both sides of a split need more than this + 1 values. */
    static final int MIN_SUB_WINDOW = 5;
    /** MOA's mintMinimLongitudWindow: no check on a window of this size or smaller. */
    static final int MIN_WINDOW_TO_CHECK = 10;

    private final double delta;
    private final int maxBuckets;
    private final int clock;
    private final int rowCap;        // a row briefly holds M+1 buckets before it is compressed

    private long samples;
    private long width;
    private double total;
    private double variance;         // sum of squared deviations of the window (not divided)
    private double statistic;
    private int rows;
    private int[] size = new int[0];
    private double[] bucketTotal = new double[0];
    private double[] bucketVar = new double[0];

    public Adwin() {
        this(0.002, 5, 32);
    }

    public Adwin(double delta, int maxBuckets, int clock) {
        this.delta = delta;
        this.maxBuckets = maxBuckets;
        this.clock = clock;
        this.rowCap = maxBuckets + 1;
        reset();
    }

    @Override
    public boolean update(double x) {
        DriftDetectors.checkInput(x);
        samples++;
        insert(x);
        if (samples % clock != 0 || width <= MIN_WINDOW_TO_CHECK) {
            return false;
        }
        statistic = 0;
        boolean cut = false;
        while (cutOnce()) {
            cut = true;
        }
        return cut;
    }

    /** One pass over the splits, oldest first; drops the oldest bucket at the first cut. */
    private boolean cutOnce() {
        double logTerm = Math.log(2 * Math.log(width) / delta);
        double windowVar = variance / width;
        long n0 = 0;
        long n1 = width;
        double u0 = 0;
        double u1 = total;
        for (int row = rows - 1; row >= 0; row--) {
            long bucketWidth = 1L << row;
            for (int k = 0; k < size[row]; k++) {
                double t = bucketTotal[row * rowCap + k];
                n0 += bucketWidth;
                n1 -= bucketWidth;
                u0 += t;
                u1 -= t;
                if (row == 0 && k == size[0] - 1) {
                    return false;     // W1 would be empty
                }
                if (n0 > MIN_SUB_WINDOW + 1 && n1 > MIN_SUB_WINDOW + 1) {
                    double m = 1.0 / (n0 - MIN_SUB_WINDOW + 1) + 1.0 / (n1 - MIN_SUB_WINDOW + 1);
                    double eps = Math.sqrt(2 * m * windowVar * logTerm) + 2.0 / 3.0 * logTerm * m;
                    double ratio = Math.abs(u0 / n0 - u1 / n1) / eps;
                    statistic = Math.max(statistic, ratio);
                    if (ratio > 1) {
                        dropOldest();
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void insert(double x) {
        width++;
        if (width > 1) {
            double d = x - total / (width - 1);
            variance += (width - 1) * d * d / width;
        }
        total += x;
        if (rows == 0) {
            addRow();
        }
        append(0, x, 0);
        compress();
    }

    /** Merges the two oldest buckets of every over-full row into one of the next row. */
    private void compress() {
        for (int row = 0; row < rows && size[row] == rowCap; row++) {
            if (row + 1 == rows) {
                addRow();
            }
            int at = row * rowCap;
            double n = 1L << row;
            double d = bucketTotal[at] / n - bucketTotal[at + 1] / n;
            append(row + 1, bucketTotal[at] + bucketTotal[at + 1],
                    bucketVar[at] + bucketVar[at + 1] + n * n * d * d / (2 * n));
            removeOldest(row, 2);
        }
    }

    private void dropOldest() {
        int row = rows - 1;
        int at = row * rowCap;
        long n1 = 1L << row;
        width -= n1;
        total -= bucketTotal[at];
        double d = bucketTotal[at] / n1 - total / width;
        variance -= bucketVar[at] + n1 * width * d * d / (n1 + width);
        removeOldest(row, 1);
        if (size[row] == 0) {
            rows--;
        }
    }

    private void append(int row, double t, double v) {
        int at = row * rowCap + size[row]++;
        bucketTotal[at] = t;
        bucketVar[at] = v;
    }

    private void removeOldest(int row, int count) {
        int at = row * rowCap;
        int left = size[row] - count;
        System.arraycopy(bucketTotal, at + count, bucketTotal, at, left);
        System.arraycopy(bucketVar, at + count, bucketVar, at, left);
        size[row] = left;
    }

    private void addRow() {
        if (rows == size.length) {
            int cap = Math.max(4, rows * 2);
            size = Arrays.copyOf(size, cap);
            bucketTotal = Arrays.copyOf(bucketTotal, cap * rowCap);
            bucketVar = Arrays.copyOf(bucketVar, cap * rowCap);
        }
        size[rows++] = 0;
    }

    /** Number of values in the current window. */
    public long width() {
        return width;
    }

    /** Mean of the current window (0 when empty). */
    public double mean() {
        return width == 0 ? 0 : total / width;
    }

    /** Variance of the current window. */
    public double variance() {
        return width == 0 ? 0 : variance / width;
    }

    /** Largest |mean0 - mean1| / eps over the splits of the last check; a cut when above 1. */
    @Override
    public double statistic() {
        return statistic;
    }

    @Override
    public double threshold() {
        return 1.0;
    }

    @Override
    public String name() {
        return DetectorSettings.ADWIN;
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public void reset() {
        samples = 0;
        width = 0;
        total = 0;
        variance = 0;
        statistic = 0;
        rows = 0;
        Arrays.fill(size, 0);
    }

    @Override
    public AdwinState state() {
        AdwinState.Row[] r = new AdwinState.Row[rows];
        for (int i = 0; i < rows; i++) {
            AdwinState.Bucket[] b = new AdwinState.Bucket[size[i]];
            for (int k = 0; k < size[i]; k++) {
                b[k] = new AdwinState.Bucket(bucketTotal[i * rowCap + k], bucketVar[i * rowCap + k]);
            }
            r[i] = new AdwinState.Row(b);
        }
        return new AdwinState(samples, width, total, variance, statistic, r);
    }

    public static Adwin restore(double delta, int maxBuckets, int clock, AdwinState s) {
        Adwin a = new Adwin(delta, maxBuckets, clock);
        a.samples = s.samples();
        a.width = s.width();
        a.total = s.total();
        a.variance = s.variance();
        a.statistic = s.statistic();
        for (int i = 0; i < s.rows().length; i++) {
            AdwinState.Bucket[] b = s.rows()[i].buckets();
            if (b.length > maxBuckets) {
                throw new IllegalArgumentException("adwin state does not fit M=" + maxBuckets + ": row " + i
                        + " has " + b.length + " buckets");
            }
            a.addRow();
            for (AdwinState.Bucket bucket : b) {
                a.append(i, bucket.total(), bucket.variance());
            }
        }
        return a;
    }
}
