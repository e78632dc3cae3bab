package io.triage.policy.active;

/**
 * Variable uncertainty (paper Alg. 3): label iff the largest posterior is below θ, then θ ← θ(1−s)
 * (ask for more certainty next time); otherwise θ ← θ(1+s). θ starts at 1.
 */
final class VarUncertainty extends BudgetedStrategy {
    VarUncertainty(ActiveSettings s, StrategyState st) {
        super(ActiveStrategies.VAR, s, st, 1.0);
    }

    @Override
    boolean decide(double maxPosterior, int classes, double u) {
        return VarUncertainty.adjust(this, maxPosterior, threshold);
    }

    /** Compares against {@code effective} and moves θ by the step; shared with the randomised variant. */
    static boolean adjust(BudgetedStrategy s, double maxPosterior, double effective) {
        if (maxPosterior < effective) {
            s.threshold *= 1 - s.settings.step();
            return true;
        }
        s.threshold *= 1 + s.settings.step();
        return false;
    }
}
