package io.triage;

import io.triage.codec.Heartbeats;
import io.triage.event.Appeal;
import io.triage.event.Outcome;
import io.triage.event.KnownError;
import io.triage.event.AuditEvent;
import io.triage.event.Decision;
import io.triage.event.Label;
import io.triage.event.LabeledExample;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.ModelUpdate;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.kafka.TriageSinks;
import io.triage.kafka.TriageSources;
import io.triage.config.JobConfiguration;
import io.triage.config.MessageLimits;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecException;
import io.triage.stage.AppealDesk;
import io.triage.stage.DeduplicateRecords;
import io.triage.stage.ParseAppeals;
import io.triage.stage.ParseOutcomes;
import io.triage.stage.OutcomeDesk;
import io.triage.stage.ParseDecisions;
import io.triage.testhooks.FaultHooks;
import io.triage.stage.JoinKey;
import io.triage.stage.LabelJoiner;
import io.triage.stage.Learner;
import io.triage.stage.MetricsAggregator;
import io.triage.stage.ParseLabels;
import io.triage.stage.ParseRecords;
import io.triage.stage.ParseReviewRequests;
import io.triage.stage.Scorer;
import io.triage.stage.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the Triage graph (records → parse → dedupe → score → decisions and review requests; labels → join with
 * the requests → learn → model updates back to the Scorer) from a job spec, with injected sources and sinks. Every stateful
 * operator has a stable uid so savepoints survive upgrades.
 */
public final class TriageJob {
    /** The Learner's uid: its keyed state in a savepoint is found by it (`triage export`). */
    public static final String LEARNER_UID = "learner";
    private final JobSpec spec;
    private final TriageSources sources;
    private final TriageSinks sinks;
    private final FaultHooks hooks;

    public TriageJob(JobSpec spec, TriageSources sources, TriageSinks sinks) {
        this(spec, sources, sinks, FaultHooks.none());
    }

    public TriageJob(JobSpec spec, TriageSources sources, TriageSinks sinks, FaultHooks hooks) {
        this.spec = spec.validated();
        this.sources = sources;
        this.sinks = sinks;
        this.hooks = hooks;
    }

    /** Settings every Triage job needs, where no cluster configuration says otherwise ({@link JobConfiguration}). */
    public static Configuration configuration(JobSpec spec) {
        return JobConfiguration.forJob(spec, new Configuration());
    }

    public void build(StreamExecutionEnvironment env) {
        List<String> problems = new ArrayList<>(JobConfiguration.problems(spec, env.getConfiguration()));
        problems.addAll(MessageLimits.problems(spec));
        if (!problems.isEmpty()) throw new SpecException(problems);
        Configuration noKryo = new Configuration();
        noKryo.setString("pipeline.generic-types", "false");
        env.configure(noKryo);
        List<DataStream<AuditEvent>> extraAudit = new ArrayList<>();
        List<DataStream<io.triage.event.DeadLetter>> extraDead = new ArrayList<>();

        // records → parse → Scorer (with the models broadcast from the Learner)
        // records wait at most 10 ms in a network buffer (not Flink's default 100 ms): a new model version is
        // used by the next record, and at high rates the buffers fill long before the timeout anyway
        SingleOutputStreamOperator<Record> parsed = sources.records(env)
                .process(new ParseRecords(spec)).uid("parse-records").name("parse records").setBufferTimeout(10);
        // a record resent by an at-least-once producer is decided once (keyed by model and id)
        SingleOutputStreamOperator<Record> unique = parsed.keyBy(r -> JoinKey.of(r.model(), r.id()), Types.STRING)
                .process(new DeduplicateRecords(spec.duplicateRetentionMs())).uid("deduplicate-records")
                .name("deduplicate records").setBufferTimeout(10);
        DataStream<Record> toScore = hook(unique, hooks.beforeScorer(), "fault-scorer");

        // labels and review requests read back → LabelJoiner (keyed by model and record id)
        // the label path is low-volume and latency-bound (label → join → learn → broadcast → Scorer): its
        // operators flush every record instead of waiting for Flink's 100 ms network buffer timeout
        SingleOutputStreamOperator<Label> labels = sources.labels(env)
                .process(new ParseLabels(spec)).uid("parse-labels").name("parse labels").setBufferTimeout(0);
        SingleOutputStreamOperator<ReviewRequest> requests = sources.reviewRequests(env)
                .process(new ParseReviewRequests(spec)).uid("parse-review-requests").name("parse review requests");
        DataStream<Label> toJoin = hook(labels, hooks.beforeJoiner(), "fault-joiner");
        SingleOutputStreamOperator<Decision> human = requests.keyBy(JoinKey.ofRequest())
                .connect(toJoin.keyBy(JoinKey.ofLabel()))
                .process(new LabelJoiner(spec)).uid("label-joiner").name("LabelJoiner").setBufferTimeout(0);

        DataStream<LabeledExample> examples = hook(human.getSideOutput(Tags.LABELED), hooks.beforeLearner(), "fault-learner");
        // outcomes → ParseOutcomes → OutcomeDesk (keyed by model and record id, with every committed first decision,
        // read back while outcomes are on) → OUTCOME_JOINED / OUTCOME_REJECTED on the audit trail (held against the
        // promise by the metrics) and known errors of automated decisions for the Learner
        SingleOutputStreamOperator<Outcome> outcomes = sources.outcomes(env)
                .process(new ParseOutcomes(spec)).uid("parse-outcomes").name("parse outcomes");
        DataStream<KnownError> knownErrors = human.getSideOutput(Tags.KNOWN_ERROR);
        if (spec.review().outcomes().enabled()) {
            SingleOutputStreamOperator<Decision> committed = sources.decisions(env)
                    .process(new ParseDecisions(spec)).uid("parse-decisions-readback").name("parse decisions read back");
            SingleOutputStreamOperator<AuditEvent> judged = committed.keyBy(JoinKey.ofDecision()).connect(outcomes.keyBy(JoinKey.ofOutcome()))
                    .process(new OutcomeDesk(spec)).uid("outcome-desk").name("OutcomeDesk");
            knownErrors = knownErrors.union(judged.getSideOutput(Tags.KNOWN_ERROR));
            extraAudit.add(judged);
            extraAudit.add(committed.getSideOutput(Tags.AUDIT));
            extraDead.add(committed.getSideOutput(Tags.DEAD_LETTER));
        }

        // verified labels → Learner (keyed by model id) → new versions; automated decisions shown wrong later
        // (overturned appeals, contradicting outcomes) may raise its threshold
        SingleOutputStreamOperator<ModelUpdate> versions = examples.keyBy(LabeledExample::model)
                .connect(knownErrors.keyBy(KnownError::model))
                .process(new Learner(spec)).uid(LEARNER_UID).name("Learner").setBufferTimeout(0);

        BroadcastStream<ModelUpdate> broadcast = versions.broadcast(Scorer.MODELS, Scorer.ACCURACY);
        SingleOutputStreamOperator<Decision> auto = toScore.connect(broadcast)
                .process(new Scorer(spec)).uid("scorer").name("Scorer");

        // appeals → ParseAppeals → AppealDesk (keyed by model and record id, with every decision while appeals are
        // on) → appeal review requests, written with the Scorer's and answered through the LabelJoiner
        SingleOutputStreamOperator<Appeal> appeals = sources.appeals(env)
                .process(new ParseAppeals(spec)).uid("parse-appeals").name("parse appeals");
        SingleOutputStreamOperator<ReviewRequest> appealReviews = auto.getSideOutput(Tags.DECIDED)
                .union(human.getSideOutput(Tags.DECIDED)).keyBy(JoinKey.ofDecided())
                .connect(appeals.keyBy(JoinKey.ofAppeal()))
                .process(new AppealDesk(spec)).uid("appeal-desk").name("AppealDesk");

        DataStream<Decision> decisions = auto.union(human);

        // heartbeats into the labels' partitions, so that their event time is exact even while they are quiet or the
        // job is cut off from the broker (see LiveWatermarks)
        org.apache.flink.api.connector.sink2.Sink<Long> heartbeatSink = sinks.heartbeats();
        if (heartbeatSink != null) {
            env.fromSource(new DataGeneratorSource<>(i -> System.currentTimeMillis(), Long.MAX_VALUE,
                            RateLimiterStrategy.perSecond(1000.0 / Heartbeats.EVERY_MS), Types.LONG),
                            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(), "heartbeat-ticks")
                    .uid("source-heartbeat-ticks").setParallelism(1)
                    .sinkTo(heartbeatSink).uid("sink-heartbeats").name("heartbeats").setParallelism(1);
        }

        // outputs
        decisions.sinkTo(sinks.decisions()).uid("sink-decisions").name("decisions");
        // the transactional sinks behind the Scorer and the Learner run in tasks of their own: at every checkpoint
        // a KafkaSink flushes and opens its next transaction, which must not hold up scoring or the model path
        auto.getSideOutput(Tags.REVIEW).union(appealReviews).sinkTo(sinks.reviewRequests()).uid("sink-review-requests").name("review-requests")
                .disableChaining();
        DataStream<AuditEvent> audit = auto.getSideOutput(Tags.AUDIT)
                .union(human.getSideOutput(Tags.AUDIT), versions.getSideOutput(Tags.AUDIT),
                        parsed.getSideOutput(Tags.AUDIT), unique.getSideOutput(Tags.AUDIT),
                        labels.getSideOutput(Tags.AUDIT), requests.getSideOutput(Tags.AUDIT),
                        appeals.getSideOutput(Tags.AUDIT), appealReviews.getSideOutput(Tags.AUDIT),
                        outcomes.getSideOutput(Tags.AUDIT));
        for (DataStream<AuditEvent> a : extraAudit) audit = audit.union(a);
        DataStream<ModelPublished> published = versions.getSideOutput(Tags.PUBLISHED);
        published.sinkTo(sinks.models()).uid("sink-models").name("models").disableChaining();
        parsed.getSideOutput(Tags.DEAD_LETTER)
                .union(labels.getSideOutput(Tags.DEAD_LETTER), requests.getSideOutput(Tags.DEAD_LETTER),
                        appeals.getSideOutput(Tags.DEAD_LETTER), outcomes.getSideOutput(Tags.DEAD_LETTER))
                .union(extraDead.toArray(new DataStream[0]))
                .sinkTo(sinks.deadLetter()).uid("sink-dead-letter").name("dead-letter");
        // metrics are derived from the audit trail; the backlog alarms they raise join the trail
        Map<String, Long> capacity = new HashMap<>();
        spec.models().forEach(m -> capacity.put(m.id(), m.policy().maxPendingReviews()));
        Map<String, Double> targets = new HashMap<>();
        spec.models().stream().filter(m -> m.policy().mode() == io.triage.spec.PolicyMode.GUARANTEE)
                .forEach(m -> targets.put(m.id(), m.policy().targetPrecision()));
        SingleOutputStreamOperator<Metrics> metrics = audit.keyBy(MetricsAggregator.keys(capacity.keySet()), Types.STRING)
                .connect(published.keyBy(ModelPublished::model))
                .process(new MetricsAggregator(spec.metricsEvery(), 5_000, capacity, targets, spec.review().outcomes())).uid("metrics")
                .name("metrics");
        metrics.sinkTo(sinks.metrics()).uid("sink-metrics").name("metrics sink");
        audit.union(metrics.getSideOutput(Tags.AUDIT)).sinkTo(sinks.audit()).uid("sink-audit").name("audit");
    }

    private static <T> DataStream<T> hook(DataStream<T> in, MapFunction<T, T> f, String uid) {
        if (f == null) return in;
        return in.map(f).returns(in.getType()).uid(uid).name(uid);
    }
}
