package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.Route;
import io.triage.event.DecidedRecord;
import io.triage.event.AppealContext;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Label;
import io.triage.event.LabeledExample;
import io.triage.event.ReviewRequest;
import io.triage.review.Consensus;
import io.triage.review.LabelAdmission;
import io.triage.review.LabelRejection;
import io.triage.spec.ConsensusRule;
import io.triage.spec.ExpiryFallback;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keyed by model and record id ({@link JoinKey}): joins a review request with its human label in either order of
 * arrival, as {@link LabelAdmission} rules. A request without a label by its deadline expires with the configured
 * fallback; a label whose request never comes is rejected as unknown. Labels that wait for the request and
 * disagree start a dispute: none decides, an annotator outside it must, and a dispute nobody settles expires
 * abstaining (the model does not decide where humans disagreed). Every rejection is an audit event with a
 * {@link LabelRejection} code — never silent.
 * <p>
 * An appeal review (route APPEAL, from the {@link AppealDesk}) of a decided record waits beside what the record's
 * review left: the first admissible answer by someone other than the contested decision's annotator ends it,
 * UPHELD or OVERTURNED (then an amended decision supersedes the contested one), and none by its deadline ends it
 * EXPIRED. While appeals are on, a label for a decided record waits as an orphan for an appeal it may answer
 * before it is refused as a duplicate or a conflict.
 * <p>
 * A request whose route needs k > 1 labels ({@code review.consensus}) collects one vote per annotator and is
 * decided as {@link Consensus} tallies them (the dispute generalised: disagreement asks for more annotators); a
 * second label by the same annotator is a duplicate, a correction of their vote within the correction window
 * (below), or else a conflict. The decision,
 * its LABELED event and the Learner's one example carry the consensus class and, as annotator, the first of the
 * majority to answer (one real annotator id, as every label-keyed tool expects); each vote is on the trail as a
 * CONSENSUS_VOTE event just before (under the WEIGHTED rule with the weight it carried, from the annotator
 * accuracies the request carries: the Scorer put the Learner's estimates on it).
 * <p>
 * An annotator may change their own answer within {@code review.correctionWindowMs} of giving it (by the labels'
 * times). In an open consensus request the new answer replaces their vote. After the decision the request and
 * the labels that decided it are kept for the window: the changed answer replaces the annotator's, the labels are
 * tallied again (with the same request's accuracies), and if they now decide another class an amended decision
 * supersedes the decision, and the Learner relabels the record (a new model version, not a second outcome). Each
 * is a LABEL_CORRECTED event. An appeal of the record ends its corrections: from then on another reviewer decides.
 */
public class LabelJoiner extends KeyedCoProcessFunction<String, ReviewRequest, Label, Decision> {
    public static final String LABELED = "LABELED";
    public static final String EXPIRED = "EXPIRED";
    /**
     * Event time past its deadline at which a request expires: a label given just before the deadline may reach
     * the broker a little after it (a reviewer's tool sending on a slow link).
     */
    public static final long GRACE_MS = 5_000;

    private final JobSpec spec;
    private final LabelAdmission admission;
    private final Map<String, ExpiryFallback> fallbacks = new HashMap<>();

    private transient ValueState<ReviewRequest> pending;
    private transient ValueState<Resolution> resolution;
    private transient ListState<Label> orphans;
    private transient ValueState<Long> orphanDeadline;
    private transient ValueState<String[]> disputedBy;
    private transient ValueState<ReviewRequest> appeal;
    /** The request that expired, kept as long as its resolution: an on-time label read late still answers it. */
    private transient ValueState<ReviewRequest> expiredRequest;
    /** Labels of a consensus request in hand, one per annotator (empty for single-label requests). */
    private transient ListState<Label> votes;
    /** A decided request and the labels that decided it, kept for the correction window (state added with it). */
    private transient ValueState<ReviewRequest> correctable;
    private transient ListState<Label> correctableLabels;
    private final long correctionWindowMs;
    private final boolean appeals;
    private transient Counter rejected;
    private transient Counter corrected;

    public LabelJoiner(JobSpec spec) {
        this.spec = spec;
        this.admission = new LabelAdmission(spec);
        this.appeals = spec.review().appeals().enabled();
        this.correctionWindowMs = spec.review().correctionWindowMs();
        for (ModelSpec m : spec.models()) fallbacks.put(m.id(), m.policy().expiryFallback());
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", TypeInformation.of(ReviewRequest.class)));
        resolution = getRuntimeContext().getState(new ValueStateDescriptor<>("resolution", TypeInformation.of(Resolution.class)));
        orphans = getRuntimeContext().getListState(new ListStateDescriptor<>("orphans", TypeInformation.of(Label.class)));
        orphanDeadline = getRuntimeContext().getState(new ValueStateDescriptor<>("orphanDeadline", TypeInformation.of(Long.class)));
        disputedBy = getRuntimeContext().getState(new ValueStateDescriptor<>("disputedBy", TypeInformation.of(String[].class)));
        appeal = getRuntimeContext().getState(new ValueStateDescriptor<>("appeal", TypeInformation.of(ReviewRequest.class)));
        expiredRequest = getRuntimeContext().getState(new ValueStateDescriptor<>("expiredRequest", TypeInformation.of(ReviewRequest.class)));
        votes = getRuntimeContext().getListState(new ListStateDescriptor<>("consensusVotes", TypeInformation.of(Label.class)));
        correctable = getRuntimeContext().getState(new ValueStateDescriptor<>("correctableRequest", TypeInformation.of(ReviewRequest.class)));
        correctableLabels = getRuntimeContext().getListState(new ListStateDescriptor<>("correctableLabels", TypeInformation.of(Label.class)));
        rejected = getRuntimeContext().getMetricGroup().counter("labelsRejected");
        corrected = getRuntimeContext().getMetricGroup().counter("labelsCorrected");
    }

    @Override
    public void processElement1(ReviewRequest r, Context ctx, Collector<Decision> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (r.reason() == Route.APPEAL) {
            onAppeal(r, ctx, out, now);
            return;
        }
        if (pending.value() != null || resolution.value() != null) {
            // the topic is written exactly once, so this is a foreign or replayed write: keep the first
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.INPUT_REJECTED, r.recordId(), r.model(), r.modelVersion(),
                    r.policyVersion(), now).because("duplicate-review-request"));
            return;
        }
        pending.update(r);
        // event time: the request expires once every label sent before its deadline has been read, however late
        // the job reads them (after downtime, under backpressure); see LiveWatermarks
        ctx.timerService().registerEventTimeTimer(r.deadline() + GRACE_MS);
        List<Label> waiting = new ArrayList<>();
        for (Label l : orphans.get()) waiting.add(l);
        if (!waiting.isEmpty()) {
            orphans.clear();
            orphanDeadline.clear();
            List<Label> admissible = waiting.stream()
                    .filter(l -> admission.admit(l, r, null, () -> 0).action() == LabelAdmission.Action.JOIN).toList();
            // a consensus request takes each as a vote instead; one annotator's changed answer is a correction,
            // taken in the order given, not a dispute with themself
            if (labelsNeeded(r) == 1 && LabelAdmission.disagree(correctionWindowMs > 0 ? lastPerAnnotator(admissible) : admissible)) {
                dispute(admissible, ctx, now);
                waiting.removeAll(admissible);
            }
            if (correctionWindowMs > 0) waiting.sort(java.util.Comparator.comparingLong(Label::ts));
            for (Label l : waiting) onLabel(l, ctx, out, now);
        }
    }

    /** Each annotator's last answer (by the time given) among labels in hand together. */
    private static List<Label> lastPerAnnotator(List<Label> labels) {
        Map<String, Label> last = new HashMap<>();
        for (Label l : labels) last.merge(l.annotator(), l, (a, b) -> b.ts() >= a.ts() ? b : a);
        return List.copyOf(last.values());
    }

    @Override
    public void processElement2(Label l, Context ctx, Collector<Decision> out) throws Exception {
        onLabel(l, ctx, out, ctx.timerService().currentProcessingTime());
    }

    private void onLabel(Label l, Context ctx, Collector<Decision> out, long now) throws Exception {
        Resolution done = resolution.value();
        ReviewRequest r = pending.value();
        ReviewRequest ap = appeal.value();
        if (ap != null && r == null) {
            answerAppeal(ap, l, ctx, out, now);
            return;
        }
        if (r == null && done != null && LABELED.equals(done.status()) && correctable.value() != null) {
            ReviewRequest decided = correctable.value();
            List<Label> held = new ArrayList<>();
            for (Label v : correctableLabels.get()) held.add(v);
            Label mine = held.stream().filter(v -> v.annotator().equals(l.annotator())).findFirst().orElse(null);
            LabelAdmission.Verdict c = admission.admitCorrection(l, decided, mine, correctionWindowMs);
            if (c != null) {
                if (c.action() == LabelAdmission.Action.REJECT) reject(ctx, l, c.reason(), now);
                else correctDecision(decided, done, held, mine, l, ctx, out, now);
                return;
            }
        }
        ReviewRequest expiredOne = expiredRequest.value();
        LabelAdmission.Verdict verdict = admission.admit(l, r,
                done == null ? null : new LabelAdmission.Resolved(EXPIRED.equals(done.status()), done.label(),
                        expiredOne == null ? Long.MIN_VALUE : expiredOne.deadline()),
                this::orphansWaiting, parties());
        if (verdict.action() == LabelAdmission.Action.JOIN_AFTER_EXPIRY) {
            // the rules of any answer to that request (class, model) still apply
            LabelAdmission.Verdict asAnswer = admission.admit(l, expiredOne, null, () -> 0);
            if (asAnswer.action() == LabelAdmission.Action.JOIN) {
                expiredRequest.clear();
                join(expiredOne, l, ctx, out, now, done.at());
            } else {
                reject(ctx, l, asAnswer.reason() == null ? LabelRejection.LATE_AFTER_EXPIRY : asAnswer.reason(), now);
            }
            return;
        }
        if (appeals && verdict.action() == LabelAdmission.Action.REJECT && done != null && l.ts() > done.at()
                && (verdict.reason() == LabelRejection.DUPLICATE || verdict.reason() == LabelRejection.CONFLICTING_LABEL)
                && orphansWaiting() < LabelAdmission.MAX_ORPHANS_PER_RECORD) {
            // given after the decision: it may answer an appeal whose review request the job has not read yet
            waitForRequest(l, ctx);
            return;
        }
        switch (verdict.action()) {
            case REJECT -> reject(ctx, l, verdict.reason(), now);
            case EXPIRE_THEN_REJECT -> {
                expire(r, ctx, out, now);
                reject(ctx, l, verdict.reason(), now);
            }
            case WAIT -> waitForRequest(l, ctx);
            case JOIN -> {
                if (labelsNeeded(r) > 1) vote(r, l, ctx, out, now);
                else join(r, l, ctx, out, now, null);
            }
            case JOIN_AFTER_EXPIRY -> throw new IllegalStateException("handled above");
        }
    }

    private int labelsNeeded(ReviewRequest r) {
        return spec.review().consensus().labelsNeeded(r.model(), r.reason());
    }

    private List<Label> votesInHand() throws Exception {
        List<Label> in = new ArrayList<>();
        for (Label v : votes.get()) in.add(v);
        return in;
    }

    /** One more annotator's label of a consensus request: decide, expire without consensus, or wait for more. */
    private void vote(ReviewRequest r, Label l, Context ctx, Collector<Decision> out, long now) throws Exception {
        List<Label> in = votesInHand();
        Label before = in.stream().filter(v -> v.annotator().equals(l.annotator())).findFirst().orElse(null);
        if (before != null) {
            LabelAdmission.Verdict c = admission.admitCorrection(l, r, before, correctionWindowMs);
            if (c == null || c.action() == LabelAdmission.Action.REJECT) {
                reject(ctx, l, c != null ? c.reason()
                        : before.label().equals(l.label()) ? LabelRejection.DUPLICATE : LabelRejection.CONFLICTING_LABEL, now);
                return;
            }
            // the annotator changed their answer before the votes decided: the new one is their vote
            in.set(in.indexOf(before), l);
            votes.update(in);
            writeCorrection(r, l, "vote-replaced", null, ctx, now);
        } else {
            in.add(l);
            votes.add(l);
        }
        Consensus.Tally t = Consensus.tally(in.stream().map(Label::label).toList(), voteWeights(r, in), labelsNeeded(r),
                spec.review().consensus().rule(r.model()));
        switch (t.outcome()) {
            case WAIT -> { }
            case DECIDED -> {
                Label first = in.stream().filter(v -> v.label().equals(t.label())).findFirst().orElseThrow();
                writeVotes(r, in, t.label(), ctx, now);
                join(r, first, ctx, out, now, null, in);
            }
            case NO_CONSENSUS -> expire(r, ctx, out, now);
        }
    }

    /**
     * Under the WEIGHTED rule, the weight of each vote in hand, by the annotator accuracies the request carries (the
     * Learner's estimates when it was scored: the decision replays from the request); null under the other rules.
     */
    private double[] voteWeights(ReviewRequest r, List<Label> in) {
        if (spec.review().consensus().rule(r.model()) != ConsensusRule.WEIGHTED) return null;
        return Consensus.weights(r, in.stream().map(Label::annotator).toList());
    }

    /** Each vote on the trail, with the class the votes decided (null: none) and, if weighted, its weight. */
    private void writeVotes(ReviewRequest r, List<Label> in, String decided, Context ctx, long now) {
        double[] weights = voteWeights(r, in);
        for (int i = 0; i < in.size(); i++) {
            Label v = in.get(i);
            Double weight = weights == null ? null : weights[i];
            String why = decided == null ? "no-consensus" : decided.equals(v.label()) ? "majority" : "outvoted";
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.CONSENSUS_VOTE, r.recordId(), r.model(), r.modelVersion(),
                            r.policyVersion(), now).withRoute(r.reason(), r.predicted(), r.confidence())
                    .withLabel(v.label(), v.annotator()).because(why)
                    .with(b -> b.decision(decided).eventId(v.eventId()).voteWeight(weight)));
        }
    }

    /** Labels in hand together disagree: none is applied, and their annotators cannot settle it. */
    private void dispute(List<Label> admissible, Context ctx, long now) throws Exception {
        disputedBy.update(admissible.stream().map(Label::annotator).distinct().toArray(String[]::new));
        for (Label l : admissible) reject(ctx, l, LabelRejection.DISPUTED, now);
    }

    private Set<String> parties() throws Exception {
        String[] p = disputedBy.value();
        return p == null ? Set.of() : Set.of(p);
    }

    private int orphansWaiting() {
        int waiting = 0;
        try {
            for (Label ignored : orphans.get()) waiting++;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the labels waiting for a request", e);
        }
        return waiting;
    }

    private void waitForRequest(Label l, Context ctx) throws Exception {
        orphans.add(l);
        if (orphanDeadline.value() == null) {
            // in event time, like deadlines: the wait ends once the requests written by then have been read
            long at = l.ts() + spec.review().orphanLabelWaitMs();
            orphanDeadline.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    /**
     * @param supersedes the expiry decision's time when the request had expired before its on-time label was read
     *                   (the decision is then an amended one); null otherwise
     */
    private void join(ReviewRequest r, Label l, Context ctx, Collector<Decision> out, long now, Long supersedes)
            throws Exception {
        join(r, l, ctx, out, now, supersedes, null);
    }

    /** @param votes a consensus item's votes (null: a single label), passed to the Learner with the example */
    private void join(ReviewRequest r, Label l, Context ctx, Collector<Decision> out, long now, Long supersedes,
                      List<Label> votes) throws Exception {
        Decision decision = new Decision(r.recordId(), r.model(), l.label(), DecisionSource.HUMAN, r.reason(),
                r.predicted(), r.confidence(), r.modelVersion(), r.policyVersion(), l.annotator(), r.ts(),
                r.requestedAt(), now, supersedes, null);
        out.collect(decision);
        LabeledExample ex = LabeledExample.answering(r, l.label(), l.annotator(), now);
        ctx.output(Tags.LABELED, votes == null ? ex
                : ex.withVotes(votes.stream().map(Label::annotator).toList(), votes.stream().map(Label::label).toList()));
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.LABELED, r.recordId(), r.model(), r.modelVersion(),
                        r.policyVersion(), now).withRoute(r.reason(), r.predicted(), r.confidence())
                .withLabel(l.label(), l.annotator()).with(b -> b.eventId(l.eventId()).latencyMs(now - r.requestedAt()).labelWeight(r.labelWeight())));
        resolve(ctx, r, new Resolution(LABELED, l.label(), now));
        decided(ctx, decision, r.features());
        if (correctionWindowMs > 0) {
            List<Label> deciding = votes == null ? List.of(l) : votes;
            correctable.update(r);
            correctableLabels.update(deciding);
            ctx.timerService().registerEventTimeTimer(correctableUntil(deciding));
        }
    }

    /** Event time after which no label that decided can be corrected any more. */
    private long correctableUntil(List<Label> deciding) {
        long last = deciding.stream().mapToLong(Label::ts).max().orElse(Long.MIN_VALUE / 2);
        return last + correctionWindowMs + GRACE_MS;
    }

    /**
     * An annotator changed an answer that took part in a decision: tally the labels again with it, and if they now
     * decide another class, amend the decision and have the Learner relabel the record.
     */
    private void correctDecision(ReviewRequest r, Resolution done, List<Label> held, Label mine, Label l, Context ctx,
                                 Collector<Decision> out, long now) throws Exception {
        List<Label> next = new ArrayList<>(held);
        next.set(next.indexOf(mine), l);
        correctableLabels.update(next);
        ctx.timerService().registerEventTimeTimer(correctableUntil(next));
        String decidedNow = decidedBy(next, r);
        boolean amend = decidedNow != null && !decidedNow.equals(done.label());
        writeCorrection(r, l, amend ? "amended" : "decision-stands", amend ? decidedNow : done.label(), ctx, now);
        if (!amend) return;
        // as a consensus decision names the first of its majority, the amended one names the first of the new one
        String by = next.stream().filter(v -> v.label().equals(decidedNow)).findFirst().orElseThrow().annotator();
        Decision amended = new Decision(r.recordId(), r.model(), decidedNow, DecisionSource.HUMAN, r.reason(),
                r.predicted(), r.confidence(), r.modelVersion(), r.policyVersion(), by, r.ts(), r.requestedAt(), now,
                done.at(), null);
        out.collect(amended);
        // learned with the weight of whoever corrected: their change is what the relabel rests on
        ctx.output(Tags.LABELED, LabeledExample.answering(r, decidedNow, l.annotator(), now).correcting(done.label()));
        Resolution res = new Resolution(LABELED, decidedNow, now);
        resolution.update(res);
        ctx.timerService().registerProcessingTimeTimer(res.at() + spec.review().resolvedRetentionMs());
        decided(ctx, amended, r.features());
    }

    /** What the labels of a decided request decide now (null: nothing; a decision once made then stands). */
    private String decidedBy(List<Label> labels, ReviewRequest r) {
        if (labels.size() == 1) return labels.get(0).label();
        Consensus.Tally t = Consensus.tally(labels.stream().map(Label::label).toList(), voteWeights(r, labels), labelsNeeded(r),
                spec.review().consensus().rule(r.model()));
        return t.outcome() == Consensus.Outcome.DECIDED ? t.label() : null;
    }

    private void writeCorrection(ReviewRequest r, Label l, String why, String decision, Context ctx, long now) {
        corrected.inc();
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.LABEL_CORRECTED, r.recordId(), r.model(), r.modelVersion(),
                        r.policyVersion(), now).withRoute(r.reason(), r.predicted(), r.confidence())
                .withLabel(l.label(), l.annotator()).because(why).with(b -> b.decision(decision).eventId(l.eventId())));
    }

    private void forgetCorrectable() {
        correctable.clear();
        correctableLabels.clear();
    }

    /** While appeals are on, the appeal desk keeps every decision (with the record) for the appeal window. */
    private void decided(Context ctx, Decision d, String features) {
        if (appeals) ctx.output(Tags.DECIDED, DecidedRecord.of(d, features));
    }

    private void onAppeal(ReviewRequest r, Context ctx, Collector<Decision> out, long now) throws Exception {
        if (appeal.value() != null) {
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.INPUT_REJECTED, r.recordId(), r.model(), r.modelVersion(),
                    r.policyVersion(), now).because("duplicate-review-request"));
            return;
        }
        appeal.update(r);
        disputedBy.clear();
        forgetCorrectable(); // from the appeal on, another reviewer decides
        ctx.timerService().registerEventTimeTimer(r.deadline() + GRACE_MS);
        List<Label> waiting = new ArrayList<>();
        for (Label l : orphans.get()) waiting.add(l);
        if (waiting.isEmpty()) return;
        orphans.clear();
        orphanDeadline.clear();
        List<Label> admissible = waiting.stream()
                .filter(l -> admission.admitAppealAnswer(l, r, GRACE_MS).action() == LabelAdmission.Action.JOIN).toList();
        if (LabelAdmission.disagree(admissible)) {
            dispute(admissible, ctx, now);
            waiting.removeAll(admissible);
        }
        for (Label l : waiting) {
            if (appeal.value() != null) answerAppeal(appeal.value(), l, ctx, out, now);
            else onLabel(l, ctx, out, now); // the appeal ended: what is left is refused as any late label
        }
    }

    private void answerAppeal(ReviewRequest ap, Label l, Context ctx, Collector<Decision> out, long now) throws Exception {
        LabelAdmission.Verdict v = admission.admitAppealAnswer(l, ap, GRACE_MS);
        if (v.action() == LabelAdmission.Action.JOIN && parties().contains(l.annotator())) {
            v = LabelAdmission.Verdict.reject(LabelRejection.PARTY_TO_DISPUTE);
        }
        switch (v.action()) {
            case REJECT, WAIT -> reject(ctx, l, v.reason() == null ? LabelRejection.UNKNOWN_RECORD_ID : v.reason(), now);
            case EXPIRE_THEN_REJECT -> {
                expireAppeal(ap, ctx, now);
                reject(ctx, l, v.reason(), now);
            }
            case JOIN -> {
                AppealContext c = ap.appeal();
                boolean upheld = c.decision().equals(l.label());
                ctx.output(Tags.AUDIT, AuditEvent.of(upheld ? AuditType.APPEAL_UPHELD : AuditType.APPEAL_OVERTURNED,
                                ap.recordId(), ap.model(), ap.modelVersion(), ap.policyVersion(), now)
                        .withRoute(Route.APPEAL, ap.predicted(), ap.confidence()).withLabel(l.label(), l.annotator())
                        .with(b -> b.decision(c.decision()).eventId(l.eventId()).appealId(c.appealId())
                                .latencyMs(now - ap.requestedAt())));
                Decision amended = null;
                if (!upheld) {
                    amended = new Decision(ap.recordId(), ap.model(), l.label(), DecisionSource.HUMAN, Route.APPEAL,
                            ap.predicted(), ap.confidence(), ap.modelVersion(), ap.policyVersion(), l.annotator(),
                            ap.ts(), ap.requestedAt(), now, c.decidedAt(), c.appealId());
                    out.collect(amended);
                    if (c.source() == DecisionSource.AUTO) {
                        ctx.output(Tags.KNOWN_ERROR, new io.triage.event.KnownError(ap.model(), ap.recordId(),
                                ap.modelVersion(), c.decision(), ap.confidence(), l.label(), "appeal", now));
                    }
                }
                closeAppeal(ap, ctx, amended);
            }
        }
    }

    private void expireAppeal(ReviewRequest ap, Context ctx, long now) throws Exception {
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.APPEAL_EXPIRED, ap.recordId(), ap.model(), ap.modelVersion(),
                        ap.policyVersion(), now).withRoute(Route.APPEAL, ap.predicted(), ap.confidence())
                .because("no-answer: within " + (ap.deadline() - ap.requestedAt()) + " ms")
                .with(b -> b.decision(ap.appeal().decision()).appealId(ap.appeal().appealId())
                        .deadlineMs(ap.deadline() - ap.requestedAt())));
        closeAppeal(ap, ctx, null);
    }

    private void closeAppeal(ReviewRequest ap, Context ctx, Decision amended) throws Exception {
        appeal.clear();
        forgetCorrectable();
        disputedBy.clear();
        ctx.timerService().deleteEventTimeTimer(ap.deadline() + GRACE_MS);
        ctx.output(Tags.DECIDED, new DecidedRecord(ap.model(), ap.recordId(), amended, null, true));
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Decision> out) throws Exception {
        ReviewRequest r = pending.value();
        Long od = orphanDeadline.value();
        long now = ctx.timerService().currentProcessingTime();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (r != null && ts >= r.deadline() + GRACE_MS) {
                expire(r, ctx, out, now);
            } else if (od != null && ts >= od && r == null) {
                Resolution done = resolution.value();
                LabelAdmission.Resolved resolved = done == null ? null
                        : new LabelAdmission.Resolved(EXPIRED.equals(done.status()), done.label());
                for (Label l : orphans.get()) {
                    // what it would have been refused as at once, had no appeal been possible
                    LabelAdmission.Verdict v = admission.admit(l, null, resolved, () -> 0);
                    reject(ctx, l, v.action() == LabelAdmission.Action.REJECT ? v.reason() : LabelRejection.UNKNOWN_RECORD_ID, now);
                }
                orphans.clear();
                orphanDeadline.clear();
            }
            ReviewRequest ap = appeal.value();
            if (ap != null && ts >= ap.deadline() + GRACE_MS) expireAppeal(ap, ctx, now);
            if (correctable.value() != null) {
                List<Label> held = new ArrayList<>();
                for (Label v : correctableLabels.get()) held.add(v);
                if (ts >= correctableUntil(held)) forgetCorrectable();
            }
            return;
        }
        // a build that expired on the wall clock left processing-time timers in its state: wait in event time
        if (r != null && ts == r.deadline()) ctx.timerService().registerEventTimeTimer(r.deadline() + GRACE_MS);
        if (od != null && r == null && ts == od) ctx.timerService().registerEventTimeTimer(od);
        Resolution done = resolution.value();
        if (done != null && ts >= done.at() + spec.review().resolvedRetentionMs()) {
            resolution.clear(); // forget: state does not grow without bound
            expiredRequest.clear();
            forgetCorrectable();
        }
    }

    private void expire(ReviewRequest r, Context ctx, Collector<Decision> out, long now) throws Exception {
        List<Label> in = votesInHand();
        if (!in.isEmpty()) writeVotes(r, in, null, ctx, now);
        // humans who disagreed (a dispute, or consensus votes of more than one class): the model does not decide
        boolean disputed = disputedBy.value() != null || LabelAdmission.disagree(in);
        String fallback = !disputed && fallbacks.getOrDefault(r.model(), ExpiryFallback.ABSTAIN) == ExpiryFallback.MODEL
                ? r.predicted() : null;
        Decision decision = new Decision(r.recordId(), r.model(), fallback, DecisionSource.EXPIRED, r.reason(),
                r.predicted(), r.confidence(), r.modelVersion(), r.policyVersion(), null, r.ts(), r.requestedAt(), now);
        out.collect(decision);
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.EXPIRED, r.recordId(), r.model(), r.modelVersion(),
                        r.policyVersion(), now).withRoute(r.reason(), r.predicted(), r.confidence())
                .because((!in.isEmpty() ? "no-consensus: " + in.size() + " of " + labelsNeeded(r) + " labels within "
                                : disputed ? "disputed: no label from outside the dispute within "
                                : "no-label: within ") + (r.deadline() - r.requestedAt()) + " ms")
                .with(b -> b.decision(fallback).deadlineMs(r.deadline() - r.requestedAt())));
        resolve(ctx, r, new Resolution(EXPIRED, null, now));
        if (!disputed && in.isEmpty()) expiredRequest.update(r); // a consensus is not made up of a late single label
        decided(ctx, decision, r.features());
    }

    private void resolve(Context ctx, ReviewRequest r, Resolution res) throws Exception {
        pending.clear();
        disputedBy.clear();
        votes.clear();
        ctx.timerService().deleteEventTimeTimer(r.deadline() + GRACE_MS);
        ctx.timerService().deleteProcessingTimeTimer(r.deadline()); // an earlier build's
        resolution.update(res);
        ctx.timerService().registerProcessingTimeTimer(res.at() + spec.review().resolvedRetentionMs());
    }

    private void reject(Context ctx, Label l, LabelRejection reason, long now) {
        rejected.inc();
        ReviewRequest r = null;
        try {
            r = pending.value();
        } catch (Exception ignored) {
            // only used to enrich the event
        }
        String model = l.model() != null ? l.model() : r != null ? r.model() : null;
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.LABEL_REJECTED, l.id(), model, -1, -1, now)
                .withLabel(l.label(), l.annotator()).because(reason.code()).with(b -> b.eventId(l.eventId())));
    }
}
