package io.triage.learn;

import io.triage.drift.DetectorSettings;
import io.triage.drift.DetectorState;
import io.triage.drift.DriftDetector;
import io.triage.drift.DriftDetectors;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelDelta;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.feature.OnlineScaler;
import io.triage.model.ModelSettings;
import io.triage.model.ModelState;
import io.triage.model.OnlineModel;
import io.triage.model.ScoringWeights;
import io.triage.model.WeightDigest;
import io.triage.policy.AuditPrecisionMonitor;
import io.triage.policy.EvidenceHistogram;
import io.triage.policy.EvidenceState;
import io.triage.policy.ThresholdController;
import io.triage.policy.guarantee.PolicyVariant;
import io.triage.spec.DriftSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learning loop of one model, without Flink: each verified label updates the evidence behind the
 * threshold, feeds the drift detectors, takes one SGD step, and yields a new model and policy version.
 * The Learner operator only keeps its state and forwards what it returns.
 */
public final class LearnerCore {
    /** Half-life, in labels, of the reported prequential accuracy. */
    private static final double ACCURACY_HALF_LIFE = 500;

    private final String modelId;
    private final ModelSpec spec;
    private final FeatureSpace space;
    private final ModelSettings settings;
    private final ThresholdController controller;
    private final double evidenceDecay;
    private final double relax;

    private long version;
    private long policyVersion;
    private long labelsApplied;
    private final OnlineModel model;
    private final OnlineScaler scaler;
    private final EvidenceHistogram evidence;
    private final List<EvidenceHistogram> classEvidence;
    private final DriftDetector[] detectors;
    private final DriftDetector auditDetector;
    private final AuditPrecisionMonitor auditMonitor;
    private double threshold;
    private double[] classThresholds;
    private double auditRate;
    private double prequentialAccuracy;
    private long driftAlarms;
    /** Labels since the threshold last tightened: loosening waits {@link #LOOSEN_COOLDOWN} of them. */
    private long sinceTightened = LOOSEN_COOLDOWN;
    /** The model's weights, flattened as broadcast; kept up to date cell by cell instead of re-flattened per label. */
    private double[] weights;
    private WeightDigest weightDigest;

    public LearnerCore(ModelSpec spec, FeatureSpace space) {
        this(spec, space, PolicyVariant.FULL);
    }

    /** A core running the given threshold policy (the job runs {@link PolicyVariant#FULL}; benchmarks compare). */
    public LearnerCore(ModelSpec spec, FeatureSpace space, PolicyVariant variant) {
        this(spec, space, (LearnerState) null);
    }

    private LearnerCore(ModelSpec spec, FeatureSpace space, LearnerState s) {
        this.modelId = spec.id();
        this.spec = spec;
        this.space = space;
        this.settings = settings(spec, space);
        PolicySpec p = spec.policy();
        this.controller = new ThresholdController(p);
        this.evidenceDecay = Math.pow(0.5, 1.0 / p.evidenceHalfLife());
        this.relax = Math.pow(0.5, 1.0 / spec.drift().relaxHalfLife());
        List<DetectorSettings> kinds = detectorSettings(spec.drift());
        if (s == null) {
            model = new OnlineModel(settings);
            spec.classes().forEach(model::addClass);
            scaler = new OnlineScaler(space.numericCount());
            evidence = new EvidenceHistogram(p.bins());
            classEvidence = new ArrayList<>();
            detectors = kinds.stream().map(DriftDetectors::create).toArray(DriftDetector[]::new);
            auditDetector = DriftDetectors.create(kinds.isEmpty() ? DetectorSettings.defaults("page-hinkley") : kinds.get(0));
            threshold = ThresholdController.OFF;
            classThresholds = new double[0];
            auditRate = p.auditRate();
            auditMonitor = newAuditMonitor(p);
        } else {
            version = s.version();
            policyVersion = s.policyVersion();
            labelsApplied = s.labelsApplied();
            model = OnlineModel.restore(settings, s.weights());
            scaler = OnlineScaler.restore(s.scaler());
            evidence = EvidenceHistogram.restore(s.evidence());
            classEvidence = new ArrayList<>();
            for (EvidenceState e : s.classEvidence()) classEvidence.add(EvidenceHistogram.restore(e));
            DetectorState[] ds = s.detectors();
            // detectors follow the spec: a changed list on upgrade starts the new ones fresh
            detectors = new DriftDetector[kinds.size()];
            for (int i = 0; i < kinds.size(); i++) {
                detectors[i] = i < ds.length && ds[i].kind().equals(kinds.get(i).kind())
                        ? DriftDetectors.restore(kinds.get(i), ds[i]) : DriftDetectors.create(kinds.get(i));
            }
            DetectorSettings ak = kinds.isEmpty() ? DetectorSettings.defaults("page-hinkley") : kinds.get(0);
            auditDetector = s.auditDetector().kind().equals(ak.kind())
                    ? DriftDetectors.restore(ak, s.auditDetector()) : DriftDetectors.create(ak);
            threshold = s.threshold();
            classThresholds = s.classThresholds().clone();
            auditRate = s.auditRate();
            prequentialAccuracy = s.prequentialAccuracy();
            driftAlarms = s.driftAlarms();
            sinceTightened = s.sinceTightened();
            // state written before the monitor existed restores without it: it starts empty
            auditMonitor = s.auditMonitor() == null || s.auditMonitor().outcomes() == null ? newAuditMonitor(p)
                    : AuditPrecisionMonitor.restore(p.targetPrecision(), p.confidenceLevel(), AUDIT_WINDOW,
                            AUDIT_MIN, s.auditMonitor());
        }
        resetWeights();
    }

    /**
     * Hysteresis: after a tightening the threshold stays put for this many labels before it may loosen again,
     * so it cannot flip between two neighbouring bins on every label.
     */
    static final long LOOSEN_COOLDOWN = 100;

    /** Recent audits the monitor keeps, and how many it needs before it may alarm. */
    private static final int AUDIT_WINDOW = 60;
    private static final int AUDIT_MIN = 20;

    private static AuditPrecisionMonitor newAuditMonitor(PolicySpec p) {
        return new AuditPrecisionMonitor(p.targetPrecision(), p.confidenceLevel(), AUDIT_WINDOW, AUDIT_MIN);
    }

    public static LearnerCore restore(ModelSpec spec, FeatureSpace space, LearnerState s) {
        return new LearnerCore(spec, space, s);
    }

    static ModelSettings settings(ModelSpec spec, FeatureSpace space) {
        var l = spec.learning();
        return new ModelSettings(space.dimension(), l.learningRate(), l.epsilon(), l.accumulatorDecay(),
                l.decayEvery(), l.seed());
    }

    private static List<DetectorSettings> detectorSettings(DriftSpec d) {
        return d.detectors().stream().map(DetectorSettings::defaults).toList();
    }

    /** The whole state, every model cell inline. */
    public LearnerState state() {
        return state(model.state(), 0);
    }

    /**
     * The state without the model cells (weights and accumulators), for a store that keeps those in chunks of
     * {@code chunk} cells (see {@link LearningOutcome#changedCells()}); cheap at any model size.
     */
    public LearnerState stateWithoutCells(int chunk) {
        ModelState shape = new ModelState(model.classes().toArray(new String[0]), model.dimension(), new double[0],
                new double[0], model.updates());
        return state(shape, chunk);
    }

    private LearnerState state(ModelState weights, int chunk) {
        return new LearnerState(modelId, version, policyVersion, labelsApplied, weights, scaler.state(),
                evidence.state(), classEvidence.stream().map(EvidenceHistogram::state).toArray(EvidenceState[]::new),
                Arrays.stream(detectors).map(DriftDetector::state).toArray(DetectorState[]::new),
                auditDetector.state(), threshold, classThresholds.clone(), auditRate, prequentialAccuracy,
                driftAlarms, auditMonitor.state(), sinceTightened, chunk);
    }

    public long version() {
        return version;
    }

    public double threshold() {
        return threshold;
    }

    public double auditRate() {
        return auditRate;
    }

    public OnlineModel model() {
        return model;
    }

    /**
     * Applies one verified label; the outcome carries the delta, not the whole new version (its
     * {@code snapshot} is null: {@link #snapshot} makes one when needed).
     */
    public LearningOutcome step(LabeledExample ex, long now) {
        List<AuditEvent> events = new ArrayList<>();
        long wholeChangesBefore = model.wholeStateChanges();
        recordOutcome(ex);

        double[] scaledBefore = OnlineScaler.apply(ex.indices(), ex.values(), scaler.means(), scaler.stds());
        double[] p = model.predictProba(ex.indices(), scaledBefore);
        int known = model.classes().indexOf(ex.label());
        if (p.length >= 2) {
            int best = argmax(p);
            boolean correct = best == known;
            prequentialAccuracy += (1 - Math.pow(0.5, 1 / ACCURACY_HALF_LIFE)) * ((correct ? 1 : 0) - prequentialAccuracy);
            // calibration residual: error minus the error the model itself expected, mapped into [0, 1];
            // unlike the raw error it does not rise just because only uncertain records reach humans
            double residual = ((correct ? 0 : 1) - (1 - p[best]) + 1) / 2;
            for (DriftDetector d : detectors) {
                if (d.update(residual)) alarm(d.name(), d.statistic(), ex, now, events);
            }
            if (ex.reason() == Route.AUDIT && ex.predicted() != null) {
                boolean right = ex.predicted().equals(ex.label());
                if (auditDetector.update(right ? 0 : 1)) alarm(auditDetector.name(), auditDetector.statistic(), ex, now, events);
                else if (auditMonitor.add(right)) {
                    alarm("audit-precision", auditMonitor.lastAlarmPrecision(), ex, now, events);
                }
            }
        }

        scaler.update(ex.indices(), ex.values());
        double[] scaled = OnlineScaler.apply(ex.indices(), ex.values(), scaler.means(), scaler.stds());
        int classesBefore = model.classes().size();
        model.learn(ex.label(), ex.indices(), scaled, 1.0);
        boolean sameShape = model.classes().size() == classesBefore;
        long parent = version;
        version++;
        labelsApplied++;

        double oldThreshold = threshold;
        double oldAudit = auditRate;
        auditRate = spec.policy().auditRate() + (auditRate - spec.policy().auditRate()) * relax;
        double next = controller.next(threshold, evidence);
        if (next < threshold && sinceTightened < LOOSEN_COOLDOWN) next = threshold;
        sinceTightened = next > threshold ? 0 : sinceTightened + 1;
        threshold = next;
        if (spec.policy().perClassThresholds()) updateClassThresholds();
        if (threshold != oldThreshold) {
            events.add(AuditEvent.of(AuditType.THRESHOLD_CHANGED, null, modelId, version, policyVersion + 1, now)
                    .withRoute(null, null, display(oldThreshold)).withReason("threshold", display(threshold)));
        }
        if (threshold != oldThreshold || Math.abs(auditRate - oldAudit) > 1e-12) policyVersion++;

        // the flattened weights and their digest follow the step cell by cell: nothing per label grows with the model
        int[] cells = sameShape ? touchedCells(ex.indices()) : null;
        if (cells == null) {
            resetWeights();
        } else {
            for (int c : cells) weights[c] = model.weightAt(c);
            weightDigest.update(weights, cells);
        }
        String digest = weightDigest.hex();
        EvidenceHistogram.Estimate est = controller.estimateAt(threshold, evidence);
        ModelPublished pub = new ModelPublished(modelId, version, parent, policyVersion, labelsApplied,
                ex.recordId(), ex.label(), digest, model.classes().toArray(new String[0]), display(threshold), auditRate,
                est.precision(), est.lowerBound(), est.effectiveN(), prequentialAccuracy, driftAlarms,
                provenance(), now);
        events.add(AuditEvent.of(AuditType.MODEL_PUBLISHED, ex.recordId(), modelId, version, policyVersion, now)
                .withLabel(ex.label(), ex.annotator()).withReason(digest, labelsApplied));
        ModelDelta delta = cells == null ? null : delta(parent, cells, now);
        // the step moved the delta's cells (weights and their accumulators), unless something moved them all
        int[] changed = delta == null || model.wholeStateChanges() != wholeChangesBefore ? null : delta.positions();
        return new LearningOutcome(null, delta, pub, events, changed);
    }

    /** As {@link #step}, with the whole new version attached (a copy of the model: O(model size)). */
    public LearningOutcome learn(LabeledExample ex, long now) {
        LearningOutcome o = step(ex, now);
        return new LearningOutcome(snapshot(now), o.delta(), o.published(), o.events(), o.changedCells());
    }

    private void resetWeights() {
        weights = model.scoringWeights().weights();
        weightDigest = new WeightDigest(model.classes().toArray(new String[0]), model.dimension(), weights);
    }

    /**
     * The cells one step changed: an AdaGrad step moves only the entries with a non-zero gradient, i.e. the
     * example's features and the bias, in every class row.
     */
    private int[] touchedCells(int[] indices) {
        int k = model.classes().size();
        int d = model.dimension();
        int[] pos = new int[k * (indices.length + 1)];
        int n = 0;
        for (int c = 0; c < k; c++) {
            int row = c * (d + 1);
            for (int j : indices) pos[n++] = row + j;
            pos[n++] = row + d;
        }
        return pos;
    }

    private ModelDelta delta(long parent, int[] cells, long now) {
        double[] val = new double[cells.length];
        for (int i = 0; i < cells.length; i++) val[i] = weights[cells[i]];
        return new ModelDelta(modelId, version, parent, policyVersion, cells, val, scaler.means(), scaler.stds(),
                threshold, classThresholds.clone(), auditRate, labelsApplied, now);
    }

    /** The current version as broadcast to the Scorers. */
    public ModelSnapshot snapshot(long now) {
        ScoringWeights w = new ScoringWeights(model.classes().toArray(new String[0]), model.dimension(), weights);
        return new ModelSnapshot(modelId, version, policyVersion, w, scaler.means(), scaler.stds(), threshold,
                classThresholds.clone(), auditRate, labelsApplied, now);
    }

    /** Adds the verified outcome of the routing-time prediction, weighted by its inverse review probability. */
    private void recordOutcome(LabeledExample ex) {
        if (ex.predicted() == null) return;
        boolean correct = ex.predicted().equals(ex.label());
        evidence.scale(evidenceDecay);
        evidence.add(ex.confidence(), correct, ex.labelWeight());
        if (spec.policy().perClassThresholds()) {
            int k = model.classes().indexOf(ex.predicted());
            if (k < 0) return;
            while (classEvidence.size() <= k) classEvidence.add(new EvidenceHistogram(spec.policy().bins()));
            for (EvidenceHistogram h : classEvidence) h.scale(evidenceDecay);
            classEvidence.get(k).add(ex.confidence(), correct, ex.labelWeight());
        }
    }

    private void updateClassThresholds() {
        int k = model.classes().size();
        double[] next = Arrays.copyOf(classThresholds, k);
        for (int i = classThresholds.length; i < k; i++) next[i] = ThresholdController.OFF;
        for (int i = 0; i < k; i++) {
            next[i] = i < classEvidence.size() ? controller.next(next[i], classEvidence.get(i)) : ThresholdController.OFF;
        }
        classThresholds = next;
    }

    private void alarm(String detector, double statistic, LabeledExample ex, long now, List<AuditEvent> events) {
        driftAlarms++;
        DriftSpec ds = spec.drift();
        evidence.scale(ds.forgetFactor());
        for (EvidenceHistogram h : classEvidence) h.scale(ds.forgetFactor());
        auditRate = Math.min(ds.maxAuditRate(), Math.max(auditRate, auditRate * ds.auditBoost()));
        model.decayAccumulators(ds.accumulatorDecay());
        events.add(AuditEvent.of(AuditType.DRIFT_DETECTED, ex.recordId(), modelId, version, policyVersion, now)
                .withReason(detector, statistic));
    }

    private String provenance() {
        var l = spec.learning();
        return "tribuo-4.3.2 LinearParameters+LogMulticlass+AdaGrad(lr=" + l.learningRate() + ",eps=" + l.epsilon()
                + ",decay=" + l.accumulatorDecay() + "/" + l.decayEvery() + ") D=" + space.dimension()
                + " hashBits=" + l.hashBits() + " seed=" + l.seed();
    }

    /** Thresholds above 1 mean "off": reported as NaN (null in JSON). */
    private static double display(double t) {
        return t > 1.0 ? Double.NaN : t;
    }

    private static int argmax(double[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
        return b;
    }
}
