package io.triage.stage;

import static io.triage.stage.Fixtures.DEADLINE_MS;
import static io.triage.stage.Fixtures.ORPHAN_WAIT_MS;
import static io.triage.stage.Fixtures.label;
import static io.triage.stage.Fixtures.request;
import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Label;
import io.triage.event.LabeledExample;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.ExpiryFallback;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.ReviewSpec;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelJoinerTest {
    private KeyedTwoInputStreamOperatorTestHarness<String, ReviewRequest, Label, Decision> h;

    static KeyedTwoInputStreamOperatorTestHarness<String, ReviewRequest, Label, Decision> harness(JobSpec spec)
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new LabelJoiner(spec)),
                JoinKey.ofRequest(), JoinKey.ofLabel(), Types.STRING);
    }

    private void open(JobSpec spec) throws Exception {
        h = harness(spec);
        h.open();
        h.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    private List<AuditEvent> audit(AuditType type) {
        return side(h, Tags.AUDIT).stream().filter(e -> e.type() == type).toList();
    }

    private void assertRejected(String reason) {
        List<AuditEvent> rej = audit(AuditType.LABEL_REJECTED);
        assertEquals(1, rej.size(), rej.toString());
        assertEquals(reason, rej.get(0).reason());
    }

    private void assertHumanDecision(ReviewRequest r, String label, String annotator, long decidedAt) {
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size(), ds.toString());
        Decision d = ds.get(0);
        assertEquals(r.recordId(), d.recordId());
        assertEquals(label, d.decision());
        assertEquals(DecisionSource.HUMAN, d.source());
        assertEquals(Route.REVIEW, d.route());
        assertEquals("ok", d.predicted());
        assertEquals(annotator, d.annotator());
        assertEquals(r.modelVersion(), d.modelVersion());
        assertEquals(r.policyVersion(), d.policyVersion());
        assertEquals(r.requestedAt(), d.requestedAt());
        assertEquals(decidedAt, d.decidedAt());

        List<LabeledExample> ex = side(h, Tags.LABELED);
        assertEquals(1, ex.size());
        LabeledExample e = ex.get(0);
        assertEquals(label, e.label());
        assertEquals(annotator, e.annotator());
        assertArrayEquals(r.indices(), e.indices());
        assertArrayEquals(r.values(), e.values());
        assertEquals(r.predicted(), e.predicted());
        assertEquals(r.confidence(), e.confidence());
        assertEquals(r.reason(), e.reason());
        assertEquals(r.labelWeight(), e.labelWeight());
        assertEquals(r.modelVersion(), e.modelVersion());

        List<AuditEvent> labeled = audit(AuditType.LABELED);
        assertEquals(1, labeled.size());
        assertEquals(r.recordId(), labeled.get(0).recordId());
        assertEquals(label, labeled.get(0).label());
        assertEquals(annotator, labeled.get(0).annotator());
        assertEquals(Long.valueOf(decidedAt - r.requestedAt()), labeled.get(0).latencyMs()); // review latency
        assertNotNull(labeled.get(0).eventId(), "the label message it came from");
    }

    @Test
    void requestThenLabel() throws Exception {
        open(Fixtures.spec(List.of()));
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.setProcessingTime(1_200);
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        assertHumanDecision(r, "fraud", "alice", 1_200);
        assertEquals(0, audit(AuditType.LABEL_REJECTED).size());
    }

    @Test
    void labelThenRequestJoinsTheBufferedOrphan() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        assertTrue(h.extractOutputValues().isEmpty());
        h.setProcessingTime(1_300);
        ReviewRequest r = request("tx-1", 1_100);
        h.processElement1(r, 0);
        assertHumanDecision(r, "fraud", "alice", 1_300);
        // the orphan timer firing later rejects nothing, and the deadline passing expires nothing
        h.processBothWatermarks(new Watermark(1_100 + ORPHAN_WAIT_MS + DEADLINE_MS + LabelJoiner.GRACE_MS));
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(0, audit(AuditType.LABEL_REJECTED).size());
        assertEquals(0, audit(AuditType.EXPIRED).size());
    }

    @Test
    void duplicateLabelIsRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.processElement2(label("tx-1", "fraud", "bob"), 0);
        assertEquals(1, h.extractOutputValues().size());
        assertRejected("duplicate");
        assertEquals("bob", audit(AuditType.LABEL_REJECTED).get(0).annotator());
    }

    @Test
    void conflictingLabelIsRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.processElement2(label("tx-1", "ok", "bob"), 0);
        assertEquals(1, h.extractOutputValues().size());
        assertEquals("fraud", h.extractOutputValues().get(0).decision());
        assertRejected("conflicting-label");
    }

    @Test
    void disagreeingLabelsInHandTogetherGoToAdjudicationNeverFirstWins() throws Exception {
        JobSpec spec = Fixtures.spec(List.of());
        open(spec);
        // two tools showed the record before the job read its request; their reviewers disagree
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.processElement2(label("tx-1", "ok", "bob"), 0);
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        assertTrue(h.extractOutputValues().isEmpty(), "neither label decides: " + h.extractOutputValues());
        assertTrue(side(h, Tags.LABELED).isEmpty(), "the learner learns from neither");
        List<AuditEvent> disputed = audit(AuditType.LABEL_REJECTED);
        assertEquals(List.of("alice", "bob"), disputed.stream().map(AuditEvent::annotator).toList());
        disputed.forEach(e -> assertEquals("disputed", e.reason()));

        // the dispute survives a restart
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();
        h = harness(spec);
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(1_400);

        // a party to the dispute cannot settle it by voting again
        h.processElement2(label("tx-1", "fraud", "bob"), 0);
        assertTrue(h.extractOutputValues().isEmpty());
        assertRejected("party-to-dispute");
        // a third reviewer adjudicates
        h.processElement2(label("tx-1", "ok", "carol"), 0);
        assertHumanDecision(r, "ok", "carol", 1_400);
    }

    @Test
    void aDisputeNobodyAdjudicatesAbstainsWhateverTheFallback() throws Exception {
        open(Fixtures.spec(List.of())); // expiryFallback MODEL
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.processElement2(label("tx-1", "ok", "bob"), 0);
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.processBothWatermarks(new Watermark(r.deadline() + LabelJoiner.GRACE_MS));
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size(), ds.toString());
        assertEquals(DecisionSource.EXPIRED, ds.get(0).source());
        assertNull(ds.get(0).decision(), "humans disagreed: the model must not decide in their place");
        List<AuditEvent> expired = audit(AuditType.EXPIRED);
        assertEquals(1, expired.size());
        assertNull(expired.get(0).label());
        assertTrue(expired.get(0).reason().startsWith("disputed"), expired.get(0).reason());
    }

    @Test
    void agreeingLabelsInHandTogetherJoinOnce() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.processElement2(label("tx-1", "fraud", "bob"), 0);
        h.setProcessingTime(1_300);
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        assertHumanDecision(r, "fraud", "alice", 1_300);
        assertRejected("duplicate");
    }

    @Test
    void unknownClassIsRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "maybe", "alice"), 0);
        assertTrue(h.extractOutputValues().isEmpty());
        assertRejected("unknown-class");
        // a valid label afterwards still decides
        h.processElement2(label("tx-1", "ok", "alice"), 0);
        assertEquals(1, h.extractOutputValues().size());
    }

    @Test
    void unknownClassOfAnOrphanIsRejectedAtOnce() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement2(label("tx-1", "maybe", "alice"), 0);
        assertRejected("unknown-class");
    }

    @Test
    void annotatorOutsideTheAllowListIsRejected() throws Exception {
        open(Fixtures.spec(List.of("alice")));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "fraud", "mallory"), 0);
        assertTrue(h.extractOutputValues().isEmpty());
        assertRejected("annotator-not-allowed");
        assertEquals("mallory", audit(AuditType.LABEL_REJECTED).get(0).annotator());
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        assertEquals(1, h.extractOutputValues().size());
    }

    @Test
    void unknownModelIsRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(new Label("tx-1", "spam", "fraud", "alice", 0, null), 0);
        assertRejected("unknown-model");
    }

    @Test
    void deadlineExpiresWithTheModelFallbackThenLateLabelsAreRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.setProcessingTime(r.deadline() + 2 * LabelJoiner.GRACE_MS); // the wall clock alone expires nothing
        assertTrue(h.extractOutputValues().isEmpty());
        h.processBothWatermarks(new Watermark(r.deadline() + LabelJoiner.GRACE_MS - 1));
        assertTrue(h.extractOutputValues().isEmpty());
        h.processBothWatermarks(new Watermark(r.deadline() + LabelJoiner.GRACE_MS));
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size());
        assertEquals(DecisionSource.EXPIRED, ds.get(0).source());
        assertEquals("ok", ds.get(0).decision()); // MODEL fallback: the routing-time prediction
        assertNull(ds.get(0).annotator());
        assertEquals(r.deadline() + 2 * LabelJoiner.GRACE_MS, ds.get(0).decidedAt());
        List<AuditEvent> expired = audit(AuditType.EXPIRED);
        assertEquals(1, expired.size());
        assertEquals("tx-1", expired.get(0).recordId());
        assertEquals("ok", expired.get(0).decision());
        assertNull(expired.get(0).label(), "nobody labelled it");
        assertEquals(Long.valueOf(DEADLINE_MS), expired.get(0).deadlineMs());
        assertTrue(side(h, Tags.LABELED).isEmpty(), "an expiry teaches the learner nothing");

        // given after the deadline: late
        h.processElement2(new Label("tx-1", "fraud", "fraud", "alice", r.deadline() + 1, "ev-late"), 0);
        assertEquals(1, h.extractOutputValues().size());
        assertRejected("late-after-expiry");
    }

    @Test
    void anOnTimeLabelReadAfterTheExpiryAmendsTheExpiredDecision() throws Exception {
        JobSpec spec = Fixtures.spec(List.of());
        open(spec);
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.setProcessingTime(r.deadline() + 7_000);
        h.processBothWatermarks(new Watermark(r.deadline() + LabelJoiner.GRACE_MS)); // the job believed all was read
        Decision expired = h.extractOutputValues().get(0);
        assertEquals(DecisionSource.EXPIRED, expired.source());
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();
        h = harness(spec); // across a restart too
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(r.deadline() + 9_000);
        // but alice had answered in time; her label is read only now (the job was cut off from the broker)
        h.processElement2(new Label("tx-1", "fraud", "fraud", "alice", r.deadline() - 10, "ev-1"), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size(), ds.toString());
        Decision amended = ds.get(0);
        assertEquals(DecisionSource.HUMAN, amended.source());
        assertEquals("fraud", amended.decision());
        assertEquals("alice", amended.annotator());
        assertEquals(Route.REVIEW, amended.route());
        assertEquals(expired.decidedAt(), amended.supersedes(), "it supersedes the expiry");
        assertNull(amended.appealId());
        assertEquals(1, side(h, Tags.LABELED).size(), "the answer to the sampled request is learned, as any");
        assertEquals(1, audit(AuditType.LABELED).size());
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());
        // and only once
        h.processElement2(new Label("tx-1", "fraud", "fraud", "bob", r.deadline() - 5, "ev-2"), 0);
        assertEquals(1, h.extractOutputValues().size());
        assertRejected("duplicate");
    }

    @Test
    void abstainFallbackDecidesNothing() throws Exception {
        open(Fixtures.spec(Fixtures.model("fraud", List.of("fraud", "ok"), ExpiryFallback.ABSTAIN, 100), List.of()));
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.processBothWatermarks(new Watermark(r.deadline() + LabelJoiner.GRACE_MS));
        assertEquals(1, h.extractOutputValues().size());
        assertNull(h.extractOutputValues().get(0).decision());
        assertEquals(DecisionSource.EXPIRED, h.extractOutputValues().get(0).source());
    }

    @Test
    void orphanLabelWhoseRequestNeverComesIsRejected() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement2(label("tx-9", "fraud", "alice"), 0); // given at 0
        h.setProcessingTime(1_000 + 10 * ORPHAN_WAIT_MS);
        h.processBothWatermarks(new Watermark(ORPHAN_WAIT_MS - 1));
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());
        h.processBothWatermarks(new Watermark(ORPHAN_WAIT_MS));
        assertRejected("unknown-record-id");
        assertEquals("tx-9", audit(AuditType.LABEL_REJECTED).get(0).recordId());
        assertTrue(h.extractOutputValues().isEmpty());
    }

    @Test
    void duplicateReviewRequestIsRejectedAndTheFirstKept() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement1(request("tx-1", 1_050), 0);
        List<AuditEvent> rej = audit(AuditType.INPUT_REJECTED);
        assertEquals(1, rej.size());
        assertEquals("duplicate-review-request", rej.get(0).reason());
        h.processBothWatermarks(new Watermark(1_000 + DEADLINE_MS + LabelJoiner.GRACE_MS));
        assertEquals(1, h.extractOutputValues().size()); // expired at the first request's deadline
    }

    @Test
    void pendingRequestAndTimersSurviveSnapshotAndRestore() throws Exception {
        JobSpec spec = Fixtures.spec(List.of());
        open(spec);
        ReviewRequest r1 = request("tx-1", 1_000);
        ReviewRequest r2 = request("tx-2", 1_000);
        h.processElement1(r1, 0);
        h.processElement1(r2, 0);
        h.processElement2(label("tx-3", "ok", "alice"), 0); // an orphan
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();

        h = harness(spec);
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(1_100);
        assertEquals(0, h.extractOutputValues().size());
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        assertHumanDecision(r1, "fraud", "alice", 1_100);

        // tx-3's orphan timer and tx-2's deadline timer were restored too
        h.processBothWatermarks(new Watermark(r2.deadline() + LabelJoiner.GRACE_MS));
        List<Decision> ds = h.extractOutputValues();
        assertEquals(2, ds.size());
        assertEquals("tx-2", ds.get(1).recordId());
        assertEquals(DecisionSource.EXPIRED, ds.get(1).source());
        assertRejected("unknown-record-id");

        // and the resolution of tx-1 was kept: a second label is a duplicate
        OperatorSubtaskState snap2 = h.snapshot(1, 1);
        h.close();
        h = harness(spec);
        h.setup();
        h.initializeState(snap2);
        h.open();
        h.setProcessingTime(r2.deadline() + LabelJoiner.GRACE_MS + 1);
        h.processElement2(label("tx-1", "fraud", "bob"), 0);
        assertRejected("duplicate");
    }

    @Test
    void twoModelsWithTheSameRecordIdAreJoinedApart() throws Exception {
        ModelSpec fraud = Fixtures.model("fraud", List.of("fraud", "ok"), ExpiryFallback.MODEL, 100);
        ModelSpec spam = Fixtures.model("spam", List.of("spam", "ok"), ExpiryFallback.MODEL, 100);
        open(new JobSpec("test", null, List.of(fraud, spam), new ReviewSpec(List.of(), ORPHAN_WAIT_MS,
                Fixtures.RETENTION_MS), null, 3, null));
        ReviewRequest a = request("x", 1_000);
        ReviewRequest b = Fixtures.request("spam", "x", 1_000);
        h.processElement1(a, 0);
        h.processElement1(b, 0);
        assertTrue(audit(AuditType.INPUT_REJECTED).isEmpty(), audit(AuditType.INPUT_REJECTED).toString());
        // labels name their model; each joins its own request, in either order
        h.processElement2(new Label("x", "spam", "spam", "alice", 0, "e1"), 0);
        h.processElement2(new Label("x", "fraud", "fraud", "bob", 0, "e2"), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(2, ds.size(), ds.toString());
        assertEquals("spam", ds.get(0).model());
        assertEquals("spam", ds.get(0).decision());
        assertEquals("fraud", ds.get(1).model());
        assertEquals("fraud", ds.get(1).decision());
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty(), audit(AuditType.LABEL_REJECTED).toString());
    }

    @Test
    void orphanLabelsPerRecordAreBoundedWithAReason() throws Exception {
        open(Fixtures.spec(List.of()));
        for (int k = 0; k < io.triage.review.LabelAdmission.MAX_ORPHANS_PER_RECORD + 3; k++) {
            h.processElement2(new Label("tx-1", "fraud", "ok", "a" + k, 0, "e" + k), 0);
        }
        List<AuditEvent> rej = audit(AuditType.LABEL_REJECTED);
        assertEquals(3, rej.size(), rej.toString());
        rej.forEach(e -> assertEquals("too-many-orphan-labels", e.reason()));
    }

    @Test
    void anOnTimeLabelWaitingAfterDowntimeBecomesTheHumanDecision() throws Exception {
        JobSpec spec = Fixtures.spec(List.of());
        open(spec);
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();

        // the job was down past the deadline; the reviewer answered in time, and the label waits in the topic
        h = harness(spec);
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(r.deadline() + 60_000);
        assertTrue(h.extractOutputValues().isEmpty(), "nothing expires before the labels have been read");
        h.processElement2(new Label("tx-1", "fraud", "fraud", "alice", r.deadline() - 10, "ev-1"), 0);
        assertHumanDecision(r, "fraud", "alice", r.deadline() + 60_000);
        h.processBothWatermarks(new Watermark(r.deadline() + 60_000));
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());
    }

    @Test
    void aLabelGivenAfterTheDeadlineExpiresTheRequestAndIsLate() throws Exception {
        open(Fixtures.spec(List.of()));
        ReviewRequest r = request("tx-1", 1_000);
        h.processElement1(r, 0);
        h.processElement2(new Label("tx-1", "fraud", "fraud", "alice", r.deadline() + 1, "ev-1"), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size());
        assertEquals(DecisionSource.EXPIRED, ds.get(0).source());
        assertRejected("late-after-expiry");
    }

    @Test
    void resolutionsAreForgottenAfterRetention() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        // the resolution, and for the correction window the request and the label that decided
        assertEquals(3, h.numKeyedStateEntries());
        h.setProcessingTime(1_000 + Fixtures.RETENTION_MS);
        assertEquals(0, h.numKeyedStateEntries(), "state of a decided record must not live forever");
    }
}
