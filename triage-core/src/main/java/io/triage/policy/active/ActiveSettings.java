package io.triage.policy.active;

/**
 * Parameters of the budgeted strategies, with the defaults of Žliobaitė et al. (2014) and MOA's ALUncertainty.
 *
 * @param budget         b: share of the stream that may be labeled, in (0, 1]
 * @param window         w: memory window of the labelling-expense estimate û = u / w, with
 *                       u_t = u_{t-1}·(w−1)/w + labeling_t (paper: w = 1000)
 * @param fixedThreshold θ of FixedUncertainty: query when the largest posterior is below it (MOA default 0.9)
 * @param step           s: relative threshold adjustment of the variable strategies (paper: 0.01)
 * @param variance       δ: standard deviation of the threshold randomisation η ~ N(1, δ) of RandVarUncertainty (paper: 1)
 * @param warmup         first records labeled unconditionally and not counted against the budget (MOA -n; 0 = none)
 */
public record ActiveSettings(double budget, int window, double fixedThreshold, double step, double variance,
                             long warmup) {
    public ActiveSettings {
        if (!(budget > 0 && budget <= 1)) throw new IllegalArgumentException("budget must be in (0, 1], was " + budget);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, was " + window);
        if (!(step > 0 && step < 1)) throw new IllegalArgumentException("step must be in (0, 1), was " + step);
        if (!(variance >= 0)) throw new IllegalArgumentException("variance must be >= 0, was " + variance);
        if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
    }

    public static ActiveSettings defaults(double budget) {
        return new ActiveSettings(budget, 1000, 0.9, 0.01, 1.0, 0);
    }

    public ActiveSettings withWarmup(long n) {
        return new ActiveSettings(budget, window, fixedThreshold, step, variance, n);
    }

    public ActiveSettings withFixedThreshold(double t) {
        return new ActiveSettings(budget, window, t, step, variance, warmup);
    }
}
