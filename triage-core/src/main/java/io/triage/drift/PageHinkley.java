package io.triage.drift;

/**
 * Page-Hinkley test for an increase of the mean (Page 1954), in the fading form of
 * Gama et al. 2013 and MOA's PageHinkleyDM:
 * <pre>
 *   mean_t = mean_{t-1} + (x_t - mean_{t-1}) / t
 *   m_t    = alpha * m_{t-1} + (x_t - mean_t - delta)
 *   M_t    = min(M_{t-1}, m_t)
 *   PH_t   = m_t - M_t          alarm when PH_t > lambda and t >= minSamples
 * </pre>
 * As in MOA, alpha fades the cumulative sum m_t (so old evidence decays), while the mean is
 * the plain running mean since the last alarm. After an alarm the test restarts on the next
 * value, so the post-change level becomes the new reference.
 */
public final class PageHinkley implements DriftDetector {

    private final double delta;
    private final double lambda;
    private final double alpha;
    private final int minSamples;

    private long samples;
    private long n;          // values since the last alarm / reset
    private double mean;
    private double sum;
    private double min;
    private double statistic;

    public PageHinkley() {
        this(0.005, 50, 0.9999, 30);
    }

    public PageHinkley(double delta, double lambda, double alpha, int minSamples) {
        this.delta = delta;
        this.lambda = lambda;
        this.alpha = alpha;
        this.minSamples = minSamples;
        reset();
    }

    @Override
    public boolean update(double x) {
        DriftDetectors.checkInput(x);
        samples++;
        n++;
        mean += (x - mean) / n;
        sum = alpha * sum + (x - mean - delta);
        min = Math.min(min, sum);
        statistic = sum - min;
        if (n >= minSamples && statistic > lambda) {
            restart();   // statistic keeps the alarm value for the caller to report
            return true;
        }
        return false;
    }

    private void restart() {
        n = 0;
        mean = 0;
        sum = 0;
        min = Double.MAX_VALUE;
    }

    @Override
    public double statistic() {
        return statistic;
    }

    @Override
    public double threshold() {
        return lambda;
    }

    @Override
    public String name() {
        return DetectorSettings.PAGE_HINKLEY;
    }

    @Override
    public long samples() {
        return samples;
    }

    /** Running mean of the values since the last alarm. */
    public double mean() {
        return mean;
    }

    @Override
    public void reset() {
        restart();
        samples = 0;
        statistic = 0;
    }

    @Override
    public PageHinkleyState state() {
        return new PageHinkleyState(samples, n, mean, sum, min, statistic);
    }

    public static PageHinkley restore(double delta, double lambda, double alpha, int minSamples, PageHinkleyState s) {
        PageHinkley ph = new PageHinkley(delta, lambda, alpha, minSamples);
        ph.samples = s.samples();
        ph.n = s.n();
        ph.mean = s.mean();
        ph.sum = s.sum();
        ph.min = s.min();
        ph.statistic = s.statistic();
        return ph;
    }
}
