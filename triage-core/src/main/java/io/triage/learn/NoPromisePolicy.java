package io.triage.learn;

import io.triage.policy.Threshold;
import io.triage.event.LabeledExample;
import io.triage.policy.guarantee.Certificate;

import java.util.List;

/** Budget mode: the latest model serves and decides; no threshold, no promise (the active-learning strategy routes). */
final class NoPromisePolicy implements ThresholdPolicy {
    @Override
    public void observe(LabeledExample ex, PolicyContext ctx, List<Alarm> alarms) {}

    @Override
    public void afterLearning(PolicyContext ctx) {}

    @Override
    public void onModelDrift(PolicyContext ctx) {}

    @Override
    public double threshold() {
        return Threshold.OFF;
    }

    @Override
    public PolicyReport report() {
        return PolicyReport.NONE;
    }

    @Override
    public PolicyState state() {
        return new PolicyState("none", 0, 0, 0, null, null, new double[0], new double[0], null, 0, Double.NaN, new double[0], new double[0], new double[0], 0, 0, 0);
    }
}
