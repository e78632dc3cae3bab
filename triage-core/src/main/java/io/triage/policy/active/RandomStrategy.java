package io.triage.policy.active;

/** Random (paper Alg. 1, MOA ALRandom): label iff ξ ≤ b. */
final class RandomStrategy extends BudgetedStrategy {
    RandomStrategy(ActiveSettings s, StrategyState st) {
        super(ActiveStrategies.RANDOM, s, st, Double.NaN);
    }

    @Override
    boolean decide(double maxPosterior, int classes, double u) {
        return u < settings.budget();
    }
}
