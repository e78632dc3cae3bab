package io.triage.feature;

/**
 * Running mean and standard deviation of the numeric features (Welford), so that a feature in miles and
 * one in hours get comparable SGD steps. Updated by the Learner from labeled examples; applied by the
 * Scorer from the published snapshot.
 */
public final class OnlineScaler {
    /** Scaled values are clipped to this many standard deviations: one outlier must not swamp a step. */
    public static final double CLIP = 10.0;
    private final double[] mean;
    private final double[] m2;
    private final long[] count;

    public OnlineScaler(int numeric) {
        this(new double[numeric], new double[numeric], new long[numeric]);
    }

    private OnlineScaler(double[] mean, double[] m2, long[] count) {
        this.mean = mean;
        this.m2 = m2;
        this.count = count;
    }

    public static OnlineScaler restore(ScalerState s) {
        return new OnlineScaler(s.mean().clone(), s.m2().clone(), s.count().clone());
    }

    public ScalerState state() {
        return new ScalerState(mean.clone(), m2.clone(), count.clone());
    }

    /** Adds the numeric entries (indices below the numeric count) of a raw vector. */
    public void update(int[] idx, double[] val) {
        for (int i = 0; i < idx.length && idx[i] < mean.length; i++) {
            int j = idx[i];
            count[j]++;
            double d = val[i] - mean[j];
            mean[j] += d / count[j];
            m2[j] += d * (val[i] - mean[j]);
        }
    }

    public double[] means() {
        return mean.clone();
    }

    /** Standard deviations with a floor; before two observations the magnitude of the mean stands in. */
    public double[] stds() {
        double[] s = new double[mean.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = count[j] < 2 ? Math.max(1.0, Math.abs(mean[j])) : Math.max(1e-6, Math.sqrt(m2[j] / (count[j] - 1)));
        }
        return s;
    }

    /**
     * Scaled copy of the values of a raw vector: numeric entries standardised and clipped, hashed ones kept.
     * Static so the Scorer applies a snapshot's arrays without building a scaler.
     */
    public static double[] apply(int[] idx, double[] val, double[] mean, double[] std) {
        double[] out = val.clone();
        for (int i = 0; i < idx.length && idx[i] < mean.length; i++) {
            int j = idx[i];
            out[i] = Math.max(-CLIP, Math.min(CLIP, (val[i] - mean[j]) / std[j]));
        }
        return out;
    }
}
