package io.triage.drift;

/**
 * DDM of Gama, Medas, Castillo and Rodrigues 2004 ("Learning with Drift Detection"), with
 * MOA's defaults. The error rate p_i is modelled as binomial with s_i = sqrt(p_i(1-p_i)/i);
 * the minimum of p_i + s_i is remembered, and the level is
 * warning when p_i + s_i > p_min + 2 s_min, drift when p_i + s_i > p_min + 3 s_min.
 * After a drift the model restarts on the next value.
 */
public final class Ddm implements DriftDetector {

    private final int minSamples;
    private final double warningLevel;
    private final double driftLevel;

    private long samples;
    private long n;
    private double p;
    private double pMin;
    private double sMin;
    private double statistic;
    private double threshold;
    private boolean warning;

    public Ddm() {
        this(30, 2, 3);
    }

    public Ddm(int minSamples, double warningLevel, double driftLevel) {
        this.minSamples = minSamples;
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
        reset();
    }

    @Override
    public boolean update(double x) {
        DriftDetectors.checkInput(x);
        samples++;
        n++;
        p += (x - p) / n;
        double s = Math.sqrt(p * (1 - p) / n);
        statistic = p + s;
        warning = false;
        if (n < minSamples) {
            return false;    // too few values for the normal approximation
        }
        if (statistic <= pMin + sMin) {
            pMin = p;
            sMin = s;
        }
        threshold = pMin + driftLevel * sMin;
        // Strictly past minSamples, as MOA, so the first admitted value only sets the minimum.
        if (n > minSamples && statistic > threshold) {
            restart();
            return true;
        }
        warning = statistic > pMin + warningLevel * sMin;
        return false;
    }

    private void restart() {
        n = 0;
        p = 0;
        pMin = Double.MAX_VALUE;
        sMin = Double.MAX_VALUE;
    }

    /** True when the last value put the error rate in the warning zone (2 sigma). */
    public boolean warning() {
        return warning;
    }

    @Override
    public double statistic() {
        return statistic;
    }

    /** p_min + 3 s_min as of the last update (infinite until minSamples values were seen). */
    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return DetectorSettings.DDM;
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public void reset() {
        restart();
        samples = 0;
        statistic = 0;
        threshold = Double.POSITIVE_INFINITY;
        warning = false;
    }

    @Override
    public DdmState state() {
        return new DdmState(samples, n, p, pMin, sMin, statistic, threshold, warning);
    }

    public static Ddm restore(int minSamples, double warningLevel, double driftLevel, DdmState s) {
        Ddm d = new Ddm(minSamples, warningLevel, driftLevel);
        d.samples = s.samples();
        d.n = s.n();
        d.p = s.p();
        d.pMin = s.pMin();
        d.sMin = s.sMin();
        d.statistic = s.statistic();
        d.threshold = s.threshold();
        d.warning = s.warning();
        return d;
    }
}
