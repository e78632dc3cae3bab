package io.triage.policy.active;

import io.triage.policy.PrecisionBound;

/**
 * Variable uncertainty with randomisation (paper Alg. 4): the threshold is multiplied by η ~ N(1, δ)
 * before the comparison, so that some confident records are labeled too (drift far from the boundary
 * becomes visible). η is drawn from the record's uniform draw by the inverse normal CDF.
 */
final class RandVarUncertainty extends BudgetedStrategy {
    private static final double EDGE = 1e-12;

    RandVarUncertainty(ActiveSettings s, StrategyState st) {
        super(ActiveStrategies.RAND_VAR, s, st, 1.0);
    }

    @Override
    boolean decide(double maxPosterior, int classes, double u) {
        double eta = 1 + settings.variance() * PrecisionBound.normalQuantile(Math.min(1 - EDGE, Math.max(EDGE, u)));
        return VarUncertainty.adjust(this, maxPosterior, threshold * eta);
    }
}
