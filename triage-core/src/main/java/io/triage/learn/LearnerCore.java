package io.triage.learn;

import io.triage.drift.DetectorState;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelDelta;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.feature.OnlineScaler;
import io.triage.model.FrozenVersion;
import io.triage.model.ModelSettings;
import io.triage.model.ModelState;
import io.triage.model.OnlineModel;
import io.triage.model.ScoringWeights;
import io.triage.policy.AuditMonitorState;
import io.triage.policy.EvidenceState;
import io.triage.policy.Threshold;
import io.triage.policy.guarantee.PolicyVariant;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicyMode;
import io.triage.spec.PolicySpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learning loop of one model, without Flink: each verified label feeds the threshold policy (which version
 * serves and at which confidence it may automate, {@link ThresholdPolicy}) and the drift watch
 * ({@link DriftWatch}), takes one SGD step on the learning model, moves the audit rate ({@link AuditRate}), and
 * yields a new model version and, when something changed, a new policy version. The Learner operator only keeps
 * its state and forwards what it returns.
 */
public final class LearnerCore {
    private static final double[] NONE = new double[0];

    private final String modelId;
    private final ModelSpec spec;
    private final String provenance;

    private long version;
    private long policyVersion;
    private long labelsApplied;
    private final OnlineModel model;
    private final OnlineScaler scaler;
    private final DriftWatch drift;
    private final AuditRate auditRate;
    private final ThresholdPolicy policy;
    private final WeightMirror weights;

    public LearnerCore(ModelSpec spec, FeatureSpace space) {
        this(spec, space, PolicyVariant.FULL);
    }

    /** A core running the given threshold policy (the job runs {@link PolicyVariant#FULL}; benchmarks compare). */
    public LearnerCore(ModelSpec spec, FeatureSpace space, PolicyVariant variant) {
        this(spec, space, variant, null, null, null);
    }

    private LearnerCore(ModelSpec spec, FeatureSpace space, PolicyVariant variant, LearnerState s,
                        FrozenVersion serving, FrozenVersion challenger) {
        this.modelId = spec.id();
        this.spec = spec;
        this.provenance = ModelProvenance.of(spec.learning(), space);
        ModelSettings settings = settings(spec, space);
        double baseAuditRate = spec.policy().auditRate();
        if (s == null) {
            model = new OnlineModel(settings);
            spec.classes().forEach(model::addClass);
            scaler = new OnlineScaler(space.numericCount());
            drift = new DriftWatch(spec.drift());
            auditRate = new AuditRate(baseAuditRate, spec.drift(), baseAuditRate);
        } else {
            version = s.version();
            policyVersion = s.policyVersion();
            labelsApplied = s.labelsApplied();
            model = OnlineModel.restore(settings, s.weights());
            scaler = OnlineScaler.restore(s.scaler());
            drift = new DriftWatch(spec.drift(), s.detectorStates(), s.prequentialAccuracy(), s.driftAlarms());
            auditRate = new AuditRate(baseAuditRate, spec.drift(), s.auditRate());
        }
        this.policy = createPolicy(spec, variant, s == null ? null : s.policy(), serving, challenger);
        this.weights = new WeightMirror(model);
    }

    /**
     * The policy a model runs. State written by builds before this policy (no policy state) starts it afresh:
     * their evidence was pooled across versions and is no valid evidence for any one of them.
     */
    private ThresholdPolicy createPolicy(ModelSpec spec, PolicyVariant variant, PolicyState s, FrozenVersion serving,
                                         FrozenVersion challenger) {
        PolicySpec p = spec.policy();
        if (p.mode() == PolicyMode.BUDGET) return new NoPromisePolicy();
        int classes = Math.max(2, Math.max(spec.classes().size(), model.classes().size()));
        return switch (variant) {
            case FULL, CERTIFICATE -> CertifiedServing.restore(p, variant == PolicyVariant.FULL, s, serving, challenger);
            case CONTROLLER -> new LatestModelPolicy(p, classes, false);
            case SGR -> new LatestModelPolicy(p, classes, true);
            case LEGACY -> new LegacyPolicy(spec);
        };
    }

    /** Restores a core from its state and the frozen versions its policy names (either may be null). */
    public static LearnerCore restore(ModelSpec spec, FeatureSpace space, LearnerState s, FrozenVersion serving,
                                      FrozenVersion challenger) {
        return new LearnerCore(spec, space, PolicyVariant.FULL, s, serving, challenger);
    }

    public static LearnerCore restore(ModelSpec spec, FeatureSpace space, LearnerState s) {
        return restore(spec, space, s, null, null);
    }

    static ModelSettings settings(ModelSpec spec, FeatureSpace space) {
        var l = spec.learning();
        return new ModelSettings(space.dimension(), l.learningRate(), l.epsilon(), l.accumulatorDecay(),
                l.decayEvery(), l.seed());
    }

    /** The whole state, every model cell inline. */
    public LearnerState state() {
        return state(model.state(), 0);
    }

    /**
     * The state without the model cells (weights and accumulators), for a store that keeps those in chunks of
     * {@code chunk} cells (see {@link LearningOutcome#changedCells()}); cheap at any model size. The frozen
     * versions are not in it either: {@link #serving()} and {@link #challenger()}, stored when they change.
     */
    public LearnerState stateWithoutCells(int chunk) {
        ModelState shape = new ModelState(model.classes().toArray(new String[0]), model.dimension(), new double[0],
                new double[0], model.updates());
        return state(shape, chunk);
    }

    private LearnerState state(ModelState weights, int chunk) {
        // the fields of the earlier policy and the positional detectors stay in the layout (empty) so that state of
        // older builds restores
        EvidenceState empty = new EvidenceState(NONE, NONE, NONE);
        StoredDetector[] detectors = Arrays.stream(drift.states()).map(StoredDetector::of).toArray(StoredDetector[]::new);
        return new LearnerState(modelId, version, policyVersion, labelsApplied, weights, scaler.state(), empty,
                new EvidenceState[0], new DetectorState[0], null, policy.threshold(), policy.classThresholds(),
                auditRate.current(), drift.prequentialAccuracy(), drift.alarms(),
                new AuditMonitorState(new boolean[0], 0, 0), 0, chunk, policy.state(), detectors);
    }

    public long version() {
        return version;
    }

    public double threshold() {
        return policy.threshold();
    }

    public double auditRate() {
        return auditRate.current();
    }

    public OnlineModel model() {
        return model;
    }

    public ThresholdPolicy policy() {
        return policy;
    }

    /** The frozen version that serves (null: the learning model serves, nothing is automated on a promise). */
    public FrozenVersion serving() {
        return policy.serving();
    }

    /** The frozen version being certified to replace it (null: none). */
    public FrozenVersion challenger() {
        return policy.challenger();
    }

    /** Digest of the learning model's weights (what the {@code models} log names). */
    public String weightsDigest() {
        return weights.hex();
    }

    private PolicyContext context() {
        return new PolicyContext(version, auditRate.current(), auditRate.base(), this::freeze, model.classes().size(),
                policyVersion);
    }

    /** A frozen copy of the learning model now. */
    private FrozenVersion freeze() {
        return new FrozenVersion(version, new ScoringWeights(model.classes().toArray(new String[0]), model.dimension(),
                weights.weights().clone()), scaler.means(), scaler.stds());
    }

    /**
     * Applies one verified label; the outcome carries the delta, not the whole new version (its
     * {@code snapshot} is null: {@link #snapshot} makes one when needed).
     */
    public LearningOutcome step(LabeledExample ex, long now) {
        return step(ex, 1.0, now);
    }

    /**
     * As {@link #step(LabeledExample, long)}, the SGD step weighted by {@code learningWeight} (from the annotator's
     * estimated accuracy, {@link io.triage.review.AnnotatorWeights}); the policy's evidence keeps the example's own
     * inverse-probability weight.
     */
    public LearningOutcome step(LabeledExample ex, double learningWeight, long now) {
        List<AuditEvent> events = new ArrayList<>();
        long wholeChangesBefore = model.wholeStateChanges();
        long servingBefore = policy.serving() == null ? 0 : policy.serving().version();
        long challengerBefore = policy.challenger() == null ? 0 : policy.challenger().version();
        double[] thresholdsBefore = thresholds();
        double auditBefore = auditRate.current();

        if (ex.isCorrection()) {
            // a relabel: the record was an outcome and an observation already (its first answer); it is learned
            // again with the corrected class, but is neither evidence nor a detector's observation a second time
            policy.relabeled(ex, context());
        } else {
            List<ThresholdPolicy.Alarm> alarms = new ArrayList<>();
            policy.observe(ex, context(), alarms);
            for (ThresholdPolicy.Alarm a : alarms) alarm(a.detector(), a.statistic(), ex, now, events);

            double[] scaledBefore = OnlineScaler.apply(ex.indices(), ex.values(), scaler.means(), scaler.stds());
            double[] p = model.predictProba(ex.indices(), scaledBefore);
            int known = model.classes().indexOf(ex.label());
            if (p.length >= 2) {
                List<DriftWatch.Alarm> raised = drift.observe(p, known);
                for (DriftWatch.Alarm a : raised) alarm(a.detector(), a.statistic(), ex, now, events);
                if (!raised.isEmpty()) policy.onModelDrift(context());
            }
            scaler.update(ex.indices(), ex.values());
        }

        double[] scaled = OnlineScaler.apply(ex.indices(), ex.values(), scaler.means(), scaler.stds());
        int classesBefore = model.classes().size();
        model.learn(ex.label(), ex.indices(), scaled, learningWeight);
        boolean sameShape = model.classes().size() == classesBefore;
        long parent = version;
        version++;
        labelsApplied++;
        if (!ex.isCorrection()) auditRate.relax();

        // the flattened weights and their digest follow the step cell by cell: nothing per label grows with the model
        int[] cells = sameShape ? WeightMirror.touchedCells(model, ex.indices()) : null;
        if (cells == null) weights.reset(model);
        else weights.follow(model, cells);
        policy.afterLearning(context());
        boolean servingChanged = policy.takeServingChanged();
        boolean opened = policy.takeOpened();
        FrozenVersion serving = policy.serving();
        FrozenVersion challenger = policy.challenger();
        boolean frozenChanged = (serving == null ? 0 : serving.version()) != servingBefore
                || (challenger == null ? 0 : challenger.version()) != challengerBefore;

        double[] thresholdsAfter = thresholds();
        if (!Arrays.equals(thresholdsBefore, thresholdsAfter)) {
            events.add(AuditEvent.of(AuditType.THRESHOLD_CHANGED, null, modelId, version, policyVersion + 1, now)
                    .because("threshold").with(b -> b.previousThreshold(Threshold.display(thresholdsBefore[0]))
                            .threshold(Threshold.display(thresholdsAfter[0]))));
        }
        if (!Arrays.equals(thresholdsBefore, thresholdsAfter) || Math.abs(auditRate.current() - auditBefore) > 1e-12
                || servingChanged || opened) {
            policyVersion++;
        }

        String digest = weights.hex();
        PolicyReport r = policy.report();
        ModelPublished pub = new ModelPublished(modelId, version, parent, policyVersion, labelsApplied,
                ex.recordId(), ex.label(), digest, model.classes().toArray(new String[0]), Threshold.display(policy.threshold()),
                auditRate.current(), r.estimatedPrecision(), r.certifiedPrecision(), r.evidence(),
                drift.prequentialAccuracy(), drift.alarms(), provenance, now, servingVersion(), r.challengerVersion(), r.epoch(),
                r.certifiedThreshold(), r.controllerOffset(), r.logEvidence(), r.riskLevel(), ex.corrects());
        events.add(AuditEvent.of(AuditType.MODEL_PUBLISHED, ex.recordId(), modelId, version, policyVersion, now)
                .withLabel(ex.label(), ex.annotator()).with(b -> b.weightsDigest(digest).labelsApplied(labelsApplied)));
        ModelDelta delta;
        if (serving == null) { // the learning model serves: its cells travel
            delta = cells == null ? null : delta(parent, cells, now);
        } else { // a frozen version serves: only the policy travels, unless the version itself changed
            delta = servingChanged ? null : new ModelDelta(modelId, serving.version(), serving.version(), policyVersion,
                    new int[0], NONE, serving.scaleMean(), serving.scaleStd(), policy.threshold(), policy.classThresholds(),
                    auditRate.current(), labelsApplied, now);
        }
        // the step moved the learning model's touched cells (weights and accumulators), unless something moved them all
        int[] changed = cells == null || model.wholeStateChanges() != wholeChangesBefore ? null : cells;
        return new LearningOutcome(null, delta, pub, events, changed, frozenChanged);
    }

    /**
     * An automated decision shown wrong after the fact ({@link ThresholdPolicy#knownError}): the model does not
     * learn from it here (the record's features are not at hand, and a selective sample would bias it), the
     * policy may raise its threshold. Returns what changed — a policy-only delta for the Scorers when the
     * thresholds moved, no new model version — or null when the policy did not take it into account.
     */
    public LearningOutcome knownError(io.triage.event.KnownError e, long now) {
        double[] before = thresholds();
        if (!policy.knownError(e.modelVersion(), e.predicted(), e.confidence())) return null;
        List<AuditEvent> events = new ArrayList<>();
        double[] after = thresholds();
        ModelDelta delta = null;
        FrozenVersion serving = policy.serving();
        if (!Arrays.equals(before, after) && serving != null) {
            policyVersion++;
            events.add(AuditEvent.of(AuditType.THRESHOLD_CHANGED, null, modelId, version, policyVersion, now)
                    .because("known-error").with(b -> b.previousThreshold(Threshold.display(before[0]))
                            .threshold(Threshold.display(after[0]))));
            delta = new ModelDelta(modelId, serving.version(), serving.version(), policyVersion, new int[0], NONE,
                    serving.scaleMean(), serving.scaleStd(), policy.threshold(), policy.classThresholds(),
                    auditRate.current(), labelsApplied, now);
        }
        // placed on the trail by the learning model's version it followed, so that a replay applies it there
        events.add(0, AuditEvent.of(AuditType.KNOWN_ERROR, e.recordId(), modelId, version, policyVersion, now)
                .withRoute(Route.AUTO, e.predicted(), e.confidence()).withLabel(e.truth(), null)
                .because(e.source()).with(b -> b.controllerOffset(policy.report().controllerOffset())));
        return new LearningOutcome(null, delta, null, events, new int[0], false);
    }

    /** As {@link #step}, with the whole new version attached (a copy of the model: O(model size)). */
    public LearningOutcome learn(LabeledExample ex, long now) {
        return learn(ex, 1.0, now);
    }

    /** As {@link #step(LabeledExample, double, long)}, with the whole new version attached. */
    public LearningOutcome learn(LabeledExample ex, double learningWeight, long now) {
        LearningOutcome o = step(ex, learningWeight, now);
        return new LearningOutcome(snapshot(now), o.delta(), o.published(), o.events(), o.changedCells(),
                o.frozenChanged());
    }

    private long servingVersion() {
        return policy.serving() == null ? version : policy.serving().version();
    }

    /** The operating thresholds: the global one, then per class. */
    private double[] thresholds() {
        double[] c = policy.classThresholds();
        double[] t = new double[c.length + 1];
        t[0] = policy.threshold();
        System.arraycopy(c, 0, t, 1, c.length);
        return t;
    }

    private ModelDelta delta(long parent, int[] cells, long now) {
        return new ModelDelta(modelId, version, parent, policyVersion, cells, weights.at(cells), scaler.means(),
                scaler.stds(), policy.threshold(), policy.classThresholds(), auditRate.current(), labelsApplied, now);
    }

    /** The serving version with the current policy, as broadcast to the Scorers. */
    public ModelSnapshot snapshot(long now) {
        FrozenVersion s = policy.serving();
        if (s != null) {
            return new ModelSnapshot(modelId, s.version(), policyVersion, s.weights(), s.scaleMean(), s.scaleStd(),
                    policy.threshold(), policy.classThresholds(), auditRate.current(), labelsApplied, now);
        }
        ScoringWeights w = new ScoringWeights(model.classes().toArray(new String[0]), model.dimension(), weights.weights());
        return new ModelSnapshot(modelId, version, policyVersion, w, scaler.means(), scaler.stds(), policy.threshold(),
                policy.classThresholds(), auditRate.current(), labelsApplied, now);
    }

    private void alarm(String detector, double statistic, LabeledExample ex, long now, List<AuditEvent> events) {
        drift.counted();
        auditRate.boost();
        model.decayAccumulators(spec.drift().accumulatorDecay());
        events.add(AuditEvent.of(AuditType.DRIFT_DETECTED, ex.recordId(), modelId, version, policyVersion, now)
                .because(detector).with(b -> b.statistic(statistic)));
    }

}
