package io.triage.policy.active;

/**
 * Selective sampling (Cesa-Bianchi et al. 2006, as adapted in the paper and MOA's SelSampling): with
 * p = P(ŷ|x) − 1/c, label with probability δ/(δ + p), δ = b.
 */
final class SelectiveSampling extends BudgetedStrategy {
    SelectiveSampling(ActiveSettings s, StrategyState st) {
        super(ActiveStrategies.SELECTIVE, s, st, Double.NaN);
    }

    @Override
    boolean decide(double maxPosterior, int classes, double u) {
        double p = Math.abs(maxPosterior - 1.0 / Math.max(2, classes));
        double delta = settings.budget();
        return u < delta / (delta + p);
    }
}
