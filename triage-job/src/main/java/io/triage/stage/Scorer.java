package io.triage.stage;

import io.triage.event.AnnotatorAccuracy;
import io.triage.event.DecidedRecord;
import io.triage.event.Decision;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.path.RecordOutcome;
import io.triage.path.RecordPath;
import io.triage.path.RecordRouter;
import io.triage.path.ReviewExplainer;
import io.triage.policy.AuditDraw;
import io.triage.policy.StaleLease;
import io.triage.policy.active.ActiveStrategies;
import io.triage.policy.active.ActiveStrategy;
import io.triage.review.AccuracyStamp;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicyMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores each record with the latest model of its id (broadcast state) and routes it: AUTO decisions go
 * out at once, the rest become review requests. Every record gets one SCORED audit event naming the
 * model and policy versions used, so the routing can be replayed. Models in budget mode route with their
 * active-learning strategy instead, whose state (budget spent) each subtask keeps in operator state.
 */
public class Scorer extends BroadcastProcessFunction<Record, ModelUpdate, Decision> implements CheckpointedFunction {
    public static final MapStateDescriptor<String, ModelSnapshot> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, TypeInformation.of(ModelSnapshot.class));
    /**
     * Per model, the Learner's latest estimates of its annotators' accuracy. A state of its own, added with the
     * WEIGHTED consensus rule: a savepoint of the build before restores into an empty one, and the Learner's first
     * version after the restart, which goes out whole, brings the estimates again.
     */
    public static final MapStateDescriptor<String, AnnotatorAccuracy> ACCURACY =
            new MapStateDescriptor<>("annotator-accuracy", Types.STRING, TypeInformation.of(AnnotatorAccuracy.class));

    private final Map<String, Long> deadlines = new HashMap<>();
    /** Whether decisions go to the appeal desk too (they are kept there for the appeal window). */
    private final boolean appeals;
    private final Map<String, ModelSpec> budgeted = new HashMap<>();
    private final AccuracyStamp stamp;
    private transient Map<String, ActiveStrategy> strategies;
    private transient ListState<StrategyEntry> strategyState;
    /** The secrets' path, not the secrets: they are read in open(), on the TaskManager. */
    private final JobSpec spec;
    private transient ReviewRequestSigner signer;
    private transient AuditDraw auditDraw;
    private transient RecordPath path;
    private transient ModelGauges gauges;

    public Scorer(JobSpec spec) {
        this.spec = spec;
        this.appeals = spec.review().appeals().enabled();
        this.stamp = new AccuracyStamp(spec.review().consensus());
        for (ModelSpec m : spec.models()) {
            deadlines.put(m.id(), m.policy().reviewDeadlineMs());
            if (m.policy().mode() == PolicyMode.BUDGET) budgeted.put(m.id(), m);
        }
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        KeyRing keys = KeyRing.forFile(spec.review().keysFile());
        ParseReviewRequests.requireJobSecret(spec, keys);
        // signed so that the read-back (ParseReviewRequests) can tell the job's requests from forged ones
        signer = new ReviewRequestSigner(keys.reviewRequestKey());
        // a secret draw: nobody outside can tell which confident records will be audited
        auditDraw = AuditDraw.keyed(keys.auditKey());
        path = new RecordPath(new RecordRouter(auditDraw, this::budgetStrategy), StaleLease.of(spec.models()),
                model -> deadlines.getOrDefault(model, 600_000L), new ReviewExplainer(spec.models()));
        gauges = new ModelGauges(getRuntimeContext().getMetricGroup());
        if (!auditDraw.isKeyed()) {
            LoggerFactory.getLogger(Scorer.class).warn("no job secret in review.keysFile: the audit draw uses the "
                    + "public seed, so which records are audited is predictable from their ids");
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        strategyState = ctx.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("active-strategies", TypeInformation.of(StrategyEntry.class)));
        strategies = new HashMap<>();
        for (StrategyEntry e : strategyState.get()) {
            ModelSpec m = budgeted.get(e.model());
            // a strategy changed by an upgrade starts afresh; after a rescale the first entry per model wins
            if (m != null && m.policy().strategy().equals(e.strategy()) && !strategies.containsKey(e.model())) {
                strategies.put(e.model(), ActiveStrategies.restore(e.strategy(),
                        ActiveStrategies.create(e.strategy(), m.policy().budget()).settings(), e.state()));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        strategyState.clear();
        for (Map.Entry<String, ActiveStrategy> e : strategies.entrySet()) {
            strategyState.add(new StrategyEntry(e.getKey(), e.getValue().name(), e.getValue().state()));
        }
    }

    /** A model in budget mode routes by its strategy, created on its first record unless restored. */
    private ActiveStrategy budgetStrategy(String model) {
        ModelSpec budget = budgeted.get(model);
        return budget == null ? null : strategies.computeIfAbsent(model,
                k -> ActiveStrategies.create(budget.policy().strategy(), budget.policy().budget()));
    }

    @Override
    public void processElement(Record r, ReadOnlyContext ctx, Collector<Decision> out) throws Exception {
        RecordOutcome o = path.take(r, ctx.getBroadcastState(MODELS).get(r.model()), ctx.currentProcessingTime());
        ctx.output(Tags.AUDIT, o.scored());
        if (o.automated()) {
            out.collect(o.decision());
            if (appeals) ctx.output(Tags.DECIDED, DecidedRecord.of(o.decision(), r.features()));
        } else {
            ReviewRequest review = o.review();
            if (stamp.weighted(review.model(), review.reason())) {
                review = stamp.stamp(review, ctx.getBroadcastState(ACCURACY).get(review.model()));
            }
            // features made canonical by RecordPath (ReviewFeatures.bounded): signed without parsing them again
            ctx.output(Tags.REVIEW, signer.signCanonical(review));
        }
    }

    @Override
    public void processBroadcastElement(ModelUpdate u, Context ctx, Collector<Decision> out) throws Exception {
        BroadcastState<String, ModelSnapshot> state = ctx.getBroadcastState(MODELS);
        ModelSnapshot current = state.get(u.model());
        // the Learner's progress (labels applied) only grows: a stale update (e.g. re-sent after a restore) never
        // replaces a newer one. Versions need not grow: a promoted frozen version may be older than the learning
        // model served before it.
        boolean applied = false;
        if (u.full() != null) {
            ModelSnapshot s = u.full();
            if (current == null || s.labelsApplied() > current.labelsApplied()) {
                state.put(s.model(), s);
                applied = true;
            }
        } else if (current != null && current.version() == u.delta().baseVersion()
                && u.delta().labelsApplied() > current.labelsApplied()) {
            state.put(u.model(), u.delta().applyTo(current));
            applied = true;
        }
        AnnotatorAccuracy a = u.accuracy();
        if (a != null) {
            BroadcastState<String, AnnotatorAccuracy> estimates = ctx.getBroadcastState(ACCURACY);
            AnnotatorAccuracy known = estimates.get(a.model());
            // as with versions: estimates fitted on fewer items (re-sent after a restore) never replace newer ones
            if (known == null || a.items() > known.items()) estimates.put(a.model(), a);
        }
        if (applied) {
            path.policyUpdated(u.model());
            long published = u.full() != null ? u.full().publishedAt() : u.delta().publishedAt();
            gauges.labelToServing(u.model(), ctx.currentProcessingTime() - published);
        }
        // a delta on another base is ignored: the Scorer keeps serving the version it has (named in every
        // SCORED event) until the next whole model arrives
    }
}
