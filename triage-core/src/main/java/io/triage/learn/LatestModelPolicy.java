package io.triage.learn;

import io.triage.policy.Threshold;
import io.triage.event.LabeledExample;
import io.triage.event.Route;
import io.triage.policy.PrecisionBound;
import io.triage.policy.guarantee.CandidateGrid;
import io.triage.policy.guarantee.Certificate;
import io.triage.policy.guarantee.ErrorBudgetController;
import io.triage.spec.PolicySpec;

import java.util.List;

/**
 * Two of the learning benchmark's baselines, both serving the latest model on routing-time outcomes:
 * <ul>
 *   <li>{@code controller}: the {@link ErrorBudgetController} alone, over the lowest possible confidence, from
 *   the middle of the range once {@code minEvidence} labels are in;</li>
 *   <li>{@code sgr}: selective classification with guaranteed risk (Geifman and El-Yaniv 2017) — everything is
 *   reviewed during a warm-up of {@link #WARMUP} labels, then the lowest candidate whose binomial lower bound
 *   (Wilson, Bonferroni over the candidates) reaches the target is fixed for good.</li>
 * </ul>
 */
final class LatestModelPolicy implements ThresholdPolicy {
    static final int WARMUP = 1000;

    private final PolicySpec p;
    private final boolean sgr;
    private final double[] grid;
    private final ErrorBudgetController controller;
    private final double base;
    private long seen;
    private double fixed = Threshold.OFF;
    private final double[] warmN;
    private final double[] warmWrong;

    LatestModelPolicy(PolicySpec p, int classes, boolean sgr) {
        this.p = p;
        this.sgr = sgr;
        this.grid = CandidateGrid.forClasses(classes);
        this.base = 1.0 / Math.max(2, classes);
        double range = 1 - base;
        this.controller = new ErrorBudgetController(p.targetPrecision(), p.margin(), p.controllerGain(), p.auditRate(),
                range, 1);
        this.warmN = new double[grid.length];
        this.warmWrong = new double[grid.length];
    }

    @Override
    public void observe(LabeledExample ex, PolicyContext ctx, List<Alarm> alarms) {
        seen++;
        if (ex.predicted() == null) return;
        boolean wrong = !ex.predicted().equals(ex.label());
        if (!sgr) {
            // starts from the middle of the range: from the top nothing would be selected and nothing would move it
            if (seen == p.minEvidence().longValue()) controller.set(0, (1 - base) / 2);
            if (seen >= p.minEvidence()) controller.observe(0, ex.confidence(), wrong, ex.labelWeight(), base);
            return;
        }
        if (seen > WARMUP || ex.reason() != Route.COLD_START) return;
        for (int j = 0; j < grid.length && grid[j] <= ex.confidence(); j++) {
            warmN[j]++;
            if (wrong) warmWrong[j]++;
        }
    }

    @Override
    public void afterLearning(PolicyContext ctx) {
        if (!sgr || seen != WARMUP) return;
        double z = PrecisionBound.normalQuantile(1 - (1 - p.confidenceLevel()) / grid.length);
        for (int j = 0; j < grid.length; j++) {
            if (warmN[j] >= p.minEvidence()
                    && PrecisionBound.wilsonLower(1 - warmWrong[j] / warmN[j], warmN[j], z) >= p.targetPrecision()) {
                fixed = grid[j];
                return;
            }
        }
    }

    @Override
    public void onModelDrift(PolicyContext ctx) {}

    @Override
    public double threshold() {
        if (sgr) return fixed;
        if (seen < p.minEvidence()) return Threshold.OFF;
        return controller.apply(0, base);
    }

    @Override
    public PolicyReport report() {
        double t = threshold();
        return new PolicyReport(0, 0, 0, Threshold.display(t), sgr ? 0 : controller.offset(0), Double.NaN, Double.NaN,
                0, seen, 1 - p.confidenceLevel());
    }

    @Override
    public PolicyState state() {
        throw new UnsupportedOperationException("benchmark baseline, never checkpointed");
    }
}
