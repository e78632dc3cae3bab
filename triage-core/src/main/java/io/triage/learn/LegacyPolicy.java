package io.triage.learn;

import io.triage.policy.Threshold;
import io.triage.drift.DetectorSettings;
import io.triage.drift.DriftDetector;
import io.triage.drift.DriftDetectors;
import io.triage.event.LabeledExample;
import io.triage.event.Route;
import io.triage.policy.legacy.AuditPrecisionMonitor;
import io.triage.policy.legacy.EvidenceHistogram;
import io.triage.policy.legacy.ThresholdController;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The earlier rule, kept only as the learning benchmark's baseline: the latest model serves; the threshold is the
 * lowest bin whose one-sided Wilson bound over decayed, pooled, inverse-probability-weighted outcomes reaches
 * the target, re-checked after every label. Not valid under repeated looks, the choice among bins, or evidence
 * pooled across versions — which is what the benchmark shows.
 */
final class LegacyPolicy implements ThresholdPolicy {
    private static final long LOOSEN_COOLDOWN = 100;
    private static final int AUDIT_WINDOW = 60;
    private static final int AUDIT_MIN = 20;

    private final ModelSpec spec;
    private final ThresholdController controller;
    private final double evidenceDecay;
    private final EvidenceHistogram evidence;
    private final List<EvidenceHistogram> classEvidence = new ArrayList<>();
    private final DriftDetector auditDetector;
    private final AuditPrecisionMonitor auditMonitor;
    private double threshold = Threshold.OFF;
    private double[] classThresholds = new double[0];
    private long sinceTightened = LOOSEN_COOLDOWN;
    private List<String> classes = List.of();

    LegacyPolicy(ModelSpec spec) {
        PolicySpec p = spec.policy();
        this.spec = spec;
        this.controller = new ThresholdController(p);
        this.evidenceDecay = Math.pow(0.5, 1.0 / p.evidenceHalfLife());
        this.evidence = new EvidenceHistogram(p.bins());
        List<DetectorSettings> kinds = spec.drift().detectors().stream().map(DetectorSettings::defaults).toList();
        this.auditDetector = DriftDetectors.create(kinds.isEmpty() ? DetectorSettings.defaults(DetectorSettings.PAGE_HINKLEY) : kinds.get(0));
        this.auditMonitor = new AuditPrecisionMonitor(p.targetPrecision(), p.confidenceLevel(), AUDIT_WINDOW, AUDIT_MIN);
    }

    /** The learning model's classes, in score order (per-class evidence is indexed by them). */
    void classes(List<String> c) {
        classes = c;
    }

    @Override
    public void observe(LabeledExample ex, PolicyContext ctx, List<Alarm> alarms) {
        if (ex.predicted() == null) return;
        boolean correct = ex.predicted().equals(ex.label());
        evidence.scale(evidenceDecay);
        evidence.add(ex.confidence(), correct, ex.labelWeight());
        if (spec.policy().perClassThresholds()) {
            int k = classes.indexOf(ex.predicted());
            if (k >= 0) {
                while (classEvidence.size() <= k) classEvidence.add(new EvidenceHistogram(spec.policy().bins()));
                for (EvidenceHistogram h : classEvidence) h.scale(evidenceDecay);
                classEvidence.get(k).add(ex.confidence(), correct, ex.labelWeight());
            }
        }
        if (ex.reason() == Route.AUDIT) {
            if (auditDetector.update(correct ? 0 : 1)) {
                alarms.add(new Alarm(auditDetector.name(), auditDetector.statistic()));
                forget();
            } else if (auditMonitor.add(correct)) {
                alarms.add(new Alarm("audit-precision", auditMonitor.lastAlarmPrecision()));
                forget();
            }
        }
    }

    @Override
    public void onModelDrift(PolicyContext ctx) {
        forget();
    }

    private void forget() {
        evidence.scale(spec.drift().forgetFactor());
        for (EvidenceHistogram h : classEvidence) h.scale(spec.drift().forgetFactor());
    }

    @Override
    public void afterLearning(PolicyContext ctx) {
        double next = controller.next(threshold, evidence);
        if (next < threshold && sinceTightened < LOOSEN_COOLDOWN) next = threshold;
        sinceTightened = next > threshold ? 0 : sinceTightened + 1;
        threshold = next;
        if (spec.policy().perClassThresholds()) {
            int k = ctx.classes();
            double[] t = Arrays.copyOf(classThresholds, k);
            for (int i = 0; i < k; i++) {
                t[i] = i < classEvidence.size() ? controller.next(i < classThresholds.length ? t[i] : Threshold.OFF,
                        classEvidence.get(i)) : Threshold.OFF;
            }
            classThresholds = t;
        }
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public double[] classThresholds() {
        return classThresholds.clone();
    }

    @Override
    public PolicyReport report() {
        EvidenceHistogram.Estimate e = controller.estimateAt(threshold, evidence);
        return new PolicyReport(0, 0, 0, Threshold.display(threshold), 0, e.lowerBound(), e.precision(), 0,
                e.effectiveN(), 1 - spec.policy().confidenceLevel());
    }

    @Override
    public PolicyState state() {
        throw new UnsupportedOperationException("the legacy policy runs only in the learning benchmark, never checkpointed");
    }
}
