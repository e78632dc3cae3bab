package io.triage.stage;

import io.triage.policy.BacklogAlarm;
import io.triage.policy.OutcomeCheck;
import io.triage.policy.ExpiryShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.Route;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keyed by model id: per-window metrics derived from the audit trail (routes, labels, expiries, rejections)
 * and the model version log (threshold, estimates, drift alarms). A window closes every {@code every} scored
 * records, or after {@code idleMs} without a close so a slow or ending stream still reports. Rejected input
 * that names no known model is counted under the key {@link #NO_MODEL}.
 */
public class MetricsAggregator extends KeyedCoProcessFunction<String, AuditEvent, ModelPublished, Metrics> {
    /** Metrics key of rejections that name no model. */
    public static final String NO_MODEL = "_none";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsAggregator.class);

    private final int every;
    private final long idleMs;
    private final Map<String, Long> capacity;
    private final Map<String, Double> targets;
    private final io.triage.spec.OutcomeSpec outcomes;
    /** Read for every audit event of a model: through a heap copy per model (all writes go through to the state). */
    private transient MirroredValue<String, MetricsState> state;
    private transient MirroredValue<String, Long> flushAt;
    /** Annotator accuracy and agreement from consensus items (state added with consensus: own descriptors). */
    private transient ValueState<io.triage.review.AnnotatorQuality> quality;
    /** CONSENSUS_VOTE events whose item's LABELED or EXPIRED event has not come yet (it follows at once). */
    private transient org.apache.flink.api.common.state.ListState<AuditEvent> votesInHand;
    private transient ModelGauges gauges;

    public MetricsAggregator(int every, long idleMs) {
        this(every, idleMs, Map.of(), Map.of(), io.triage.spec.OutcomeSpec.defaults());
    }

    public MetricsAggregator(int every, long idleMs, Map<String, Long> capacity, Map<String, Double> targets) {
        this(every, idleMs, capacity, targets, io.triage.spec.OutcomeSpec.defaults());
    }

    /**
     * @param capacity review capacity per model (its maxPendingReviews): a backlog above it raises a
     *                 BACKLOG_ALARM audit event (side output), cleared again below 90% of it
     * @param targets  target precision per model in guarantee mode (a gauge beside the estimates, for alerts)
     * @param outcomes how late ground truth is held against those targets ({@link OutcomeCheck})
     */
    public MetricsAggregator(int every, long idleMs, Map<String, Long> capacity, Map<String, Double> targets,
                             io.triage.spec.OutcomeSpec outcomes) {
        this.outcomes = outcomes;
        this.every = every;
        this.idleMs = idleMs;
        this.capacity = new HashMap<>(capacity);
        this.targets = new HashMap<>(targets);
    }

    /**
     * The metrics key of an audit event in a job serving {@code models}: rejections naming a model the job
     * does not serve go to {@link #NO_MODEL}, so hostile model ids never become metrics keys (nor state).
     */
    public static KeySelector<AuditEvent, String> keys(Set<String> models) {
        Set<String> known = Set.copyOf(models);
        return e -> e.model() == null || !known.contains(e.model()) ? NO_MODEL : e.model();
    }

    @Override
    public void open(OpenContext ctx) {
        state = new MirroredValue<>(getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", TypeInformation.of(MetricsState.class))));
        flushAt = new MirroredValue<>(getRuntimeContext().getState(
                new ValueStateDescriptor<>("flushAt", TypeInformation.of(Long.class))));
        gauges = new ModelGauges(getRuntimeContext().getMetricGroup());
        quality = getRuntimeContext().getState(new ValueStateDescriptor<>("annotatorQuality",
                TypeInformation.of(io.triage.review.AnnotatorQuality.class)));
        votesInHand = getRuntimeContext().getListState(new org.apache.flink.api.common.state.ListStateDescriptor<>(
                "consensusVotes", TypeInformation.of(AuditEvent.class)));
    }

    /** The votes of the item {@code e} resolves, if it was a consensus item, counted for annotator quality. */
    private void countVotes(AuditEvent e) throws Exception {
        java.util.List<String> who = new java.util.ArrayList<>();
        java.util.List<String> votes = new java.util.ArrayList<>();
        java.util.List<AuditEvent> others = new java.util.ArrayList<>();
        for (AuditEvent v : votesInHand.get()) {
            if (java.util.Objects.equals(v.recordId(), e.recordId())) {
                who.add(v.annotator());
                votes.add(v.label());
            } else {
                others.add(v); // another item's, from another subtask of the joiner
            }
        }
        if (who.isEmpty()) return;
        votesInHand.update(others);
        io.triage.review.AnnotatorQuality q = quality.value();
        if (q == null) q = new io.triage.review.AnnotatorQuality();
        q.add(who, votes);
        quality.update(q);
    }

    @Override
    public void processElement1(AuditEvent e, Context ctx, Collector<Metrics> out) throws Exception {
        MetricsState s = current(ctx.getCurrentKey());
        switch (e.type()) {
            case SCORED -> {
                boolean auto = e.route() == Route.AUTO;
                s.records++;
                s.totalRecords++;
                if (auto) s.auto++;
                else {
                    s.toReview++;
                    s.totalToReview++;
                }
                if (e.route() == Route.AUDIT) s.audited++;
                if (e.route() != null) gauges.routed(ctx.getCurrentKey(), e.route().name());
                if (auto) holdAgainstOutcomes(ctx, s, check -> check.automated(e.ts()));
            }
            case OUTCOME_JOINED -> {
                s.outcomesJoined++;
                boolean automated = e.route() == Route.AUTO;
                boolean wrong = "wrong".equals(e.verdict());
                if (automated) {
                    s.outcomesAuto++;
                    if (wrong) {
                        s.outcomesAutoWrong++;
                        holdAgainstOutcomes(ctx, s, check -> check.knownWrong(e.decidedAt()));
                    }
                }
                gauges.outcome(ctx.getCurrentKey(), wrong ? "wrong" : "right");
            }
            case OUTCOME_REJECTED -> {
                gauges.rejected(ctx.getCurrentKey(), "outcomesRejected", e.reason());
                return;
            }
            case CONSENSUS_VOTE -> {
                votesInHand.add(e);
                return;
            }
            case LABELED -> {
                countVotes(e);
                boolean agreed = e.label() != null && e.label().equals(e.predicted());
                s.labeled++;
                s.totalOutcomes++;
                if (agreed) s.agreed++;
                if (e.route() == Route.AUDIT) {
                    s.auditLabeled++;
                    if (agreed) s.auditAgreed++;
                    // audits near the threshold are drawn more often: weigh each by its inverse draw probability
                    double w = e.labelWeight() == null ? 1 : e.labelWeight();
                    s.auditWeight += w;
                    if (agreed) s.auditAgreedWeight += w;
                }
                if (e.latencyMs() != null) {
                    s.latencySum += e.latencyMs();
                    gauges.reviewLatency(ctx.getCurrentKey(), e.latencyMs());
                }
            }
            case EXPIRED -> {
                countVotes(e);
                s.expired++;
                s.totalOutcomes++;
                if (e.decision() != null) s.fallbackDecisions++;
            }
            case LABEL_CORRECTED -> s.labelsCorrected++;
            case LABEL_REJECTED -> {
                s.labelsRejected++;
                s.rejected++;
                gauges.rejected(ctx.getCurrentKey(), "labelsRejected", e.reason());
            }
            case INPUT_REJECTED -> {
                s.inputsRejected++;
                s.rejected++;
                gauges.rejected(ctx.getCurrentKey(), "inputsRejected", e.reason());
            }
            case APPEAL_REJECTED -> {
                gauges.rejected(ctx.getCurrentKey(), "appealsRejected", e.reason());
                return;
            }
            case APPEAL_RECEIVED, APPEAL_UPHELD, APPEAL_OVERTURNED -> {
                gauges.appeal(ctx.getCurrentKey(), e.type().name().substring("APPEAL_".length()).toLowerCase());
                return;
            }
            case APPEAL_EXPIRED -> {
                // a person asked for human review and got none: that must not pass unseen
                LOG.warn("model {}: appeal of record {} expired unanswered ({})", e.model(), e.recordId(), e.reason());
                gauges.appeal(ctx.getCurrentKey(), "expired");
                return;
            }
            case DRIFT_DETECTED -> {
                LOG.warn("model {}: drift alarm {} (statistic {}) at version {}", e.model(), e.reason(), e.statistic(),
                        e.modelVersion());
                return;
            }
            case THRESHOLD_CHANGED -> {
                LOG.info("model {}: threshold {} -> {} (policy version {})", e.model(), e.previousThreshold(), e.threshold(),
                        e.policyVersion());
                return;
            }
            default -> {
                return;
            }
        }
        long now = ctx.timerService().currentProcessingTime();
        checkBacklog(ctx.getCurrentKey(), s, now, ctx);
        if (e.type() == AuditType.LABELED || e.type() == AuditType.EXPIRED) {
            checkExpiries(ctx.getCurrentKey(), s, e.type() == AuditType.EXPIRED, now, ctx);
        }
        state.update(ctx.getCurrentKey(), s);
        record(ctx.getCurrentKey(), s);
        if (s.records >= every) {
            emit(ctx.getCurrentKey(), s, now, out);
        } else if (flushAt.value(ctx.getCurrentKey()) == null) {
            flushAt.update(ctx.getCurrentKey(), now + idleMs);
            ctx.timerService().registerProcessingTimeTimer(now + idleMs);
        }
    }

    @Override
    public void processElement2(ModelPublished p, Context ctx, Collector<Metrics> out) throws Exception {
        MetricsState s = current(ctx.getCurrentKey());
        if (p.version() < s.modelVersion) return;
        s.labelsApplied = p.labelsApplied();
        s.modelVersion = p.version();
        s.threshold = p.threshold();
        s.auditRate = p.auditRate();
        s.estimatedPrecision = p.estimatedPrecision();
        s.precisionLowerBound = p.precisionLowerBound();
        s.prequentialAccuracy = p.prequentialAccuracy();
        s.driftAlarms = p.driftAlarms();
        s.servingVersion = p.servingVersion();
        s.certifiedThreshold = p.certifiedThreshold();
        s.controllerOffset = p.controllerOffset();
        s.epoch = p.epoch();
        s.riskLevel = p.riskLevel();
        state.update(ctx.getCurrentKey(), s);
        record(ctx.getCurrentKey(), s);
    }

    /** The model's gauges from its current state. */
    private void record(String model, MetricsState s) {
        ModelGauges.Values v = gauges.of(model);
        v.set(ModelGauges.Name.threshold, s.threshold);
        v.set(ModelGauges.Name.certifiedThreshold, s.certifiedThreshold);
        v.set(ModelGauges.Name.controllerOffset, s.controllerOffset);
        v.set(ModelGauges.Name.precisionLowerBound, s.precisionLowerBound);
        v.set(ModelGauges.Name.estimatedPrecision, s.estimatedPrecision);
        v.set(ModelGauges.Name.auditRate, s.auditRate);
        v.set(ModelGauges.Name.backlog, s.totalToReview - s.totalOutcomes);
        v.set(ModelGauges.Name.reviewAlarm, s.backlogAlarm || s.expiryAlarm ? 1 : 0);
        Double target = targets.get(model);
        if (target != null) v.set(ModelGauges.Name.targetPrecision, target);
        v.set(ModelGauges.Name.expiryShare, s.expiryWeight == 0 ? Double.NaN : s.expiryShare);
        v.set(ModelGauges.Name.modelVersion, s.modelVersion);
        v.set(ModelGauges.Name.servingVersion, s.servingVersion);
        v.set(ModelGauges.Name.labelsApplied, s.labelsApplied);
        v.set(ModelGauges.Name.driftAlarms, s.driftAlarms);
        v.set(ModelGauges.Name.epoch, s.epoch);
        v.set(ModelGauges.Name.riskLevel, s.riskLevel);
        v.set(ModelGauges.Name.records, s.totalRecords);
        v.set(ModelGauges.Name.outcomeContradictions, s.outcomeContradictions);
        v.set(ModelGauges.Name.outcomePrecisionAuto,
                s.outcomesAuto == 0 ? Double.NaN : 1 - (double) s.outcomesAutoWrong / s.outcomesAuto);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Metrics> out) throws Exception {
        Long at = flushAt.value(ctx.getCurrentKey());
        if (at == null || ts < at) return;
        MetricsState s = current(ctx.getCurrentKey());
        if (!s.windowEmpty()) emit(ctx.getCurrentKey(), s, ts, out);
        else flushAt.clear(ctx.getCurrentKey());
    }

    /** A backlog beyond the model's review capacity raises an alarm ({@link BacklogAlarm}). */
    private void checkBacklog(String model, MetricsState s, long now, Context ctx) {
        Long cap = capacity.get(model);
        if (cap == null) return;
        long backlog = s.totalToReview - s.totalOutcomes;
        BacklogAlarm alarm = new BacklogAlarm(cap, s.backlogAlarm);
        BacklogAlarm.Change c = alarm.observe(backlog);
        s.backlogAlarm = alarm.alarmed();
        if (c == BacklogAlarm.Change.NONE) return;
        String reason = alarm.reason(c, backlog);
        if (c == BacklogAlarm.Change.RAISED) LOG.warn("model {}: {}", model, reason);
        else LOG.info("model {}: {}", model, reason);
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.BACKLOG_ALARM, null, model, s.modelVersion, -1, now)
                .because(reason).with(b -> b.backlog(backlog)));
    }

    /** Reviewers who answer nothing leave no backlog (expiries resolve requests): their silence is alarmed on. */
    private void checkExpiries(String model, MetricsState s, boolean expired, long now, Context ctx) {
        ExpiryShare share = new ExpiryShare(s.expiryShare, s.expiryWeight, s.expiryAlarm);
        ExpiryShare.Change c = share.observe(expired);
        s.expiryShare = share.share();
        s.expiryWeight = share.weight();
        s.expiryAlarm = share.alarmed();
        if (c == ExpiryShare.Change.NONE) return;
        String reason = share.reason(c);
        if (c == ExpiryShare.Change.RAISED) LOG.warn("model {}: {}", model, reason);
        else LOG.info("model {}: {}", model, reason);
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.BACKLOG_ALARM, null, model, s.modelVersion, -1, now)
                .because(reason).with(b -> b.expiryShare(s.expiryShare)));
    }

    /**
     * Feeds the model's {@link OutcomeCheck} (guarantee mode, outcomes on) and raises what it proves: a window of
     * automated decisions whose known errors already exceed the target's budget.
     */
    private void holdAgainstOutcomes(Context ctx, MetricsState s,
                                     java.util.function.Function<OutcomeCheck, OutcomeCheck.Contradiction> step) {
        String model = ctx.getCurrentKey();
        Double target = targets.get(model);
        if (target == null || !outcomes.enabled()) return;
        OutcomeCheck check = new OutcomeCheck(target, outcomes.windowMs(), outcomes.retentionMs(),
                outcomes.minAutomated(), s.outcomeCheck);
        OutcomeCheck.Contradiction c = step.apply(check);
        s.outcomeCheck = check.state();
        s.outcomeContradictions = check.contradictions();
        if (c == null) return;
        LOG.warn("model {}: {}", model, c.reason());
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.OUTCOMES_CONTRADICT, null, model, s.modelVersion, -1,
                ctx.timerService().currentProcessingTime()).because(c.reason()).with(b -> b.precisionAtMost(c.atMost())));
    }

    private MetricsState current(String model) throws Exception {
        MetricsState s = state.value(model);
        return s == null ? new MetricsState() : s;
    }

    private void emit(String model, MetricsState s, long now, Collector<Metrics> out) throws Exception {
        gauges.of(model).set(ModelGauges.Name.automationRate, ratio(s.auto, s.records));
        io.triage.review.AnnotatorQuality q = quality.value();
        // per window, not per vote: the estimates are an EM fit over the vote patterns
        Map<String, Double> accuracy = q == null ? Map.of() : q.accuracies();
        double kappa = q == null ? Double.NaN : q.fleissKappa();
        gauges.of(model).set(ModelGauges.Name.fleissKappa, kappa);
        gauges.annotatorAccuracy(model, accuracy);
        out.collect(new Metrics(model, s.window, s.records, s.auto, s.toReview, s.audited, s.labeled, s.expired,
                ratio(s.auto, s.records), ratio(s.agreed, s.labeled), s.auditWeight > 0 ? s.auditAgreedWeight / s.auditWeight : ratio(s.auditAgreed, s.auditLabeled),
                s.totalToReview - s.totalOutcomes, s.backlogAlarm || s.expiryAlarm, s.totalRecords, s.labelsApplied, s.modelVersion, s.threshold,
                s.auditRate, s.estimatedPrecision, s.precisionLowerBound, s.prequentialAccuracy, s.driftAlarms,
                s.labelsRejected, s.inputsRejected, s.labeled == 0 ? Double.NaN : s.latencySum / s.labeled, now,
                s.servingVersion, s.certifiedThreshold, s.controllerOffset, s.epoch, s.riskLevel, s.fallbackDecisions,
                s.expiryWeight == 0 ? Double.NaN : s.expiryShare, s.outcomesJoined, s.outcomesAuto,
                s.outcomesAuto == 0 ? Double.NaN : 1 - (double) s.outcomesAutoWrong / s.outcomesAuto,
                s.outcomeContradictions, accuracy, kappa, s.labelsCorrected));
        s.nextWindow();
        state.update(model, s);
        flushAt.clear(model);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
