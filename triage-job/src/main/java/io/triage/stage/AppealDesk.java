package io.triage.stage;

import io.triage.codec.ReviewFeatures;
import io.triage.event.Appeal;
import io.triage.event.AppealContext;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DecidedRecord;
import io.triage.event.Decision;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.review.AppealAdmission;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.AppealSpec;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keyed by model and record id ({@link JoinKey}): remembers each record's current decision, with its features,
 * for the appeal window, and turns an appeal {@link AppealAdmission} accepts into an appeal review request (route
 * APPEAL, most urgent, its own deadline, the contested decision shown). The review's answer is the LabelJoiner's
 * to judge; it reports back here when the appeal ends. Every appeal is on the audit trail: received or rejected
 * with its reason.
 */
public class AppealDesk extends KeyedCoProcessFunction<String, DecidedRecord, Appeal, ReviewRequest> {
    private final AppealSpec appeals;
    private final AppealAdmission admission;
    private final JobSpec spec;
    private final Map<String, String[]> classes = new HashMap<>();

    private transient ValueState<DecidedRecord> current;
    private transient ValueState<Integer> accepted;
    private transient ValueState<Boolean> open;
    private transient ListState<String> appealIds;
    private transient ReviewRequestSigner signer;

    public AppealDesk(JobSpec spec) {
        this.spec = spec;
        this.appeals = spec.review().appeals();
        this.admission = new AppealAdmission(appeals);
        for (ModelSpec m : spec.models()) {
            classes.put(m.id(), m.classes().isEmpty() ? null : m.classes().toArray(String[]::new));
        }
    }

    @Override
    public void open(OpenContext ctx) {
        current = getRuntimeContext().getState(new ValueStateDescriptor<>("decided", TypeInformation.of(DecidedRecord.class)));
        accepted = getRuntimeContext().getState(new ValueStateDescriptor<>("appealsAccepted", TypeInformation.of(Integer.class)));
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("appealOpen", TypeInformation.of(Boolean.class)));
        appealIds = getRuntimeContext().getListState(new ListStateDescriptor<>("appealIds", TypeInformation.of(String.class)));
        signer = new ReviewRequestSigner(KeyRing.forFile(spec.review().keysFile()).reviewRequestKey());
    }

    @Override
    public void processElement1(DecidedRecord d, Context ctx, Collector<ReviewRequest> out) throws Exception {
        if (!appeals.enabled()) return;
        DecidedRecord before = current.value();
        if (d.decision() != null) {
            String features = d.features() != null ? d.features() : before == null ? null : before.features();
            current.update(new DecidedRecord(d.model(), d.recordId(), d.decision(), features, false));
        }
        if (d.appealClosed()) open.clear();
        DecidedRecord now = current.value();
        // forget the record once its decision can no longer be appealed (an appeal that outlived the window
        // ends here, and the timer fires at once)
        if (now != null) ctx.timerService().registerProcessingTimeTimer(now.decision().decidedAt() + appeals.windowMs());
    }

    @Override
    public void processElement2(Appeal a, Context ctx, Collector<ReviewRequest> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        DecidedRecord d = current.value();
        Decision decision = d == null ? null : d.decision();
        boolean seen = false;
        for (String id : appealIds.get()) seen |= id.equals(a.appealId());
        int n = accepted.value() == null ? 0 : accepted.value();
        Optional<AppealAdmission.Rejection> refused = admission.admit(a, decision, n, Boolean.TRUE.equals(open.value()), seen);
        if (refused.isPresent()) {
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.APPEAL_REJECTED, a.recordId(), a.model(),
                            decision == null ? -1 : decision.modelVersion(), decision == null ? -1 : decision.policyVersion(), now)
                    .withLabel(null, a.appellant()).because(refused.get().code())
                    .with(b -> b.decision(decision == null ? null : decision.decision()).appealId(a.appealId())));
            return;
        }
        accepted.update(n + 1);
        open.update(true);
        appealIds.add(a.appealId());
        AppealContext c = new AppealContext(a.appealId(), a.reason(), a.appellant(), decision.decision(),
                decision.source(), decision.annotator(), decision.decidedAt());
        out.collect(signer.sign(new ReviewRequest(decision.recordId(), decision.model(), decision.ts(),
                ReviewFeatures.bounded(d.features()), new int[0], new double[0], decision.predicted(),
                classes.get(decision.model()), null, decision.confidence(), Route.APPEAL, 1.0, now + appeals.deadlineMs(), decision.modelVersion(),
                decision.policyVersion(), 1.0, now, null, c)));
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.APPEAL_RECEIVED, a.recordId(), a.model(), decision.modelVersion(),
                        decision.policyVersion(), now).withRoute(Route.APPEAL, decision.predicted(), decision.confidence())
                .withLabel(null, a.appellant())
                .with(b -> b.decision(decision.decision()).appealId(a.appealId()).deadlineMs(appeals.deadlineMs())));
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ReviewRequest> out) throws Exception {
        DecidedRecord d = current.value();
        if (d == null || Boolean.TRUE.equals(open.value())) return; // an open appeal keeps the record
        if (ts >= d.decision().decidedAt() + appeals.windowMs()) {
            current.clear();
            accepted.clear();
            appealIds.clear();
        }
    }
}
