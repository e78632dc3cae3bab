package io.triage.policy.active;

/** Fixed uncertainty (paper Alg. 2): label iff the largest posterior is below a fixed θ. */
final class FixedUncertainty extends BudgetedStrategy {
    FixedUncertainty(ActiveSettings s, StrategyState st) {
        super(ActiveStrategies.FIXED, s, st, s.fixedThreshold());
    }

    @Override
    boolean decide(double maxPosterior, int classes, double u) {
        return maxPosterior < threshold;
    }
}
