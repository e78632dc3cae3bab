package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.Outcome;
import io.triage.review.OutcomeAdmission;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.OutcomeSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keyed by model and record id ({@link JoinKey}): remembers each record's first decision — the one the job made,
 * and the one the promise is about — for the outcome retention, and joins late ground truth to it. Every outcome
 * ends on the audit trail once: {@code OUTCOME_JOINED} (right or wrong) or {@code OUTCOME_REJECTED} with the reason
 * {@link OutcomeAdmission} gives. An outcome that arrives before its record's decision waits for it a while, in event
 * time: until the decisions read back (and the outcomes) have been read up to its observation plus the wait.
 * Only the decision is kept (no features), so the state is about 200 bytes per decided record in the retention.
 */
public class OutcomeDesk extends KeyedCoProcessFunction<String, Decision, Outcome, AuditEvent> {
    /** Outcomes of one record that may wait for its decision at once (more are refused at once). */
    static final int MAX_WAITING = 8;
    private final OutcomeSpec outcomes;
    private final OutcomeAdmission admission;
    private final Map<String, List<String>> classes = new HashMap<>();

    private transient ValueState<Decision> first;
    private transient ValueState<String> joinedLabel;
    private transient ValueState<String> joinedId;
    private transient ListState<Outcome> waiting;
    private transient ValueState<Boolean> amended;

    public OutcomeDesk(JobSpec spec) {
        this.outcomes = spec.review().outcomes();
        this.admission = new OutcomeAdmission(outcomes);
        for (ModelSpec m : spec.models()) classes.put(m.id(), m.classes());
    }

    @Override
    public void open(OpenContext ctx) {
        first = getRuntimeContext().getState(new ValueStateDescriptor<>("firstDecision", TypeInformation.of(Decision.class)));
        joinedLabel = getRuntimeContext().getState(new ValueStateDescriptor<>("outcomeLabel", TypeInformation.of(String.class)));
        joinedId = getRuntimeContext().getState(new ValueStateDescriptor<>("outcomeId", TypeInformation.of(String.class)));
        amended = getRuntimeContext().getState(new ValueStateDescriptor<>("amended", TypeInformation.of(Boolean.class)));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waitingOutcomes", TypeInformation.of(Outcome.class)));
    }

    @Override
    public void processElement1(Decision d, Context ctx, Collector<AuditEvent> out) throws Exception {
        if (!outcomes.enabled()) return;
        if (first.value() != null) { // an amended decision does not move what is judged
            if (d.supersedes() != null) amended.update(true);
            return;
        }
        first.update(d);
        ctx.timerService().registerProcessingTimeTimer(d.decidedAt() + outcomes.retentionMs());
        List<Outcome> held = new ArrayList<>();
        waiting.get().forEach(held::add);
        waiting.clear();
        for (Outcome o : held) judge(o, out, ctx);
    }

    @Override
    public void processElement2(Outcome o, Context ctx, Collector<AuditEvent> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (outcomes.enabled() && first.value() == null && joinedId.value() == null) {
            int n = 0;
            for (Outcome ignored : waiting.get()) n++;
            if (n < MAX_WAITING && outcomes.orphanWaitMs() > 0) {
                waiting.add(o);
                // in event time: refused only once every decision committed before its wait ended has been read,
                // however far behind the read-back is (after a stall, the small outcomes topic is read first)
                ctx.timerService().registerEventTimeTimer(o.observedAt() + outcomes.orphanWaitMs());
                return;
            }
        }
        judge(o, out, ctx);
    }

    private void judge(Outcome o, Collector<AuditEvent> out, Context ctx) throws Exception {
        Decision d = first.value();
        boolean seen = o.outcomeId().equals(joinedId.value());
        Optional<OutcomeAdmission.Rejection> refused = admission.admit(o, d,
                classes.getOrDefault(o.model(), List.of()), joinedLabel.value(), seen);
        if (refused.isPresent()) {
            out.collect(rejected(o, d, refused.get()));
            return;
        }
        joinedLabel.update(o.label());
        joinedId.update(o.outcomeId());
        String verdict = d.decision() == null ? "abstained" : d.decision().equals(o.label()) ? "correct" : "wrong";
        out.collect(AuditEvent.of(AuditType.OUTCOME_JOINED, o.recordId(), o.model(), d.modelVersion(), d.policyVersion(),
                        o.observedAt()).withRoute(d.route(), d.predicted(), d.confidence())
                .withLabel(o.label(), o.source()).with(b -> b.decision(d.decision()).outcomeId(o.outcomeId())
                        .verdict(verdict).decisionSource(d.source()).decidedAt(d.decidedAt())));
        // an automated error the policy has not heard of: an appeal that overturned it told it already
        if (verdict.equals("wrong") && d.source() == io.triage.event.DecisionSource.AUTO && amended.value() == null) {
            ctx.output(Tags.KNOWN_ERROR, new io.triage.event.KnownError(d.model(), d.recordId(), d.modelVersion(),
                    d.decision(), d.confidence(), o.label(), "outcome", o.observedAt()));
        }
    }

    private static AuditEvent rejected(Outcome o, Decision d, OutcomeAdmission.Rejection why) {
        return AuditEvent.of(AuditType.OUTCOME_REJECTED, o.recordId(), o.model(), d == null ? -1 : d.modelVersion(),
                        d == null ? -1 : d.policyVersion(), o.observedAt())
                .withLabel(o.label(), o.source()).because(why.code()).with(b -> b.outcomeId(o.outcomeId()));
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<AuditEvent> out) throws Exception {
        Decision d = first.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (d != null) return; // the decision came: its waiting outcomes were judged then
            // outcomes whose wait has ended with every decision committed meanwhile read: no decision is coming
            List<Outcome> keep = new ArrayList<>();
            for (Outcome o : waiting.get()) {
                if (o.observedAt() + outcomes.orphanWaitMs() <= ts || !outcomes.enabled()) {
                    out.collect(rejected(o, null, OutcomeAdmission.Rejection.NOT_DECIDED));
                } else {
                    keep.add(o);
                }
            }
            waiting.update(keep);
            return;
        }
        if (d == null) {
            // a wait registered in processing time by an earlier build: it goes on in event time
            for (Outcome o : waiting.get()) {
                ctx.timerService().registerEventTimeTimer(o.observedAt() + outcomes.orphanWaitMs());
            }
            return;
        }
        if (ts >= d.decidedAt() + outcomes.retentionMs()) {
            first.clear();
            amended.clear();
            joinedLabel.clear();
            joinedId.clear();
        }
    }
}
