package io.triage.stage;

import static io.triage.stage.Fixtures.label;
import static io.triage.stage.Fixtures.request;
import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AppealContext;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DecidedRecord;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.AppealSpec;
import io.triage.spec.JobSpec;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LabelJoiner's side of an appeal: the answer that ends it, who may give it, and its deadline. */
class LabelJoinerAppealTest {
    private static final long APPEAL_DEADLINE_MS = 5_000;
    private static final JobSpec SPEC = Fixtures.spec(List.of()).withReview(Fixtures.spec(List.of()).review()
            .withAppeals(new AppealSpec(60_000L, APPEAL_DEADLINE_MS, 1)));
    private KeyedTwoInputStreamOperatorTestHarness<String, ReviewRequest, Label, Decision> h;

    private void open() throws Exception {
        h = LabelJoinerTest.harness(SPEC);
        h.open();
        h.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    /** The appeal review the desk writes for tx-1, decided {@code contested} by {@code annotator} at 1,200. */
    static ReviewRequest appealOf(String contested, DecisionSource source, String annotator, long requestedAt) {
        return new ReviewRequest("tx-1", "fraud", 42L, "{\"amount\":10.0}", new int[0], new double[0], "ok",
                new String[] {"fraud", "ok"}, null, 0.7, Route.APPEAL, 1.0, requestedAt + APPEAL_DEADLINE_MS, 5, 2, 1.0,
                requestedAt, null, new AppealContext("ap-1", "I made this payment", "case-7", contested, source,
                annotator, 1_200));
    }

    private List<AuditEvent> audit(AuditType type) {
        return side(h, Tags.AUDIT).stream().filter(e -> e.type() == type).toList();
    }

    private static Label labelAt(String cls, String annotator, long ts) {
        return new Label("tx-1", "fraud", cls, annotator, ts, "ev-" + annotator + "-" + ts);
    }

    /** alice decides tx-1 "fraud" in review, then the customer appeals. */
    private void decidedByAliceThenAppealed() throws Exception {
        h.processElement1(request("tx-1", 1_000), 0);
        h.setProcessingTime(1_200);
        h.processElement2(label("tx-1", "fraud", "alice"), 0);
        h.setProcessingTime(10_000);
        h.processElement1(appealOf("fraud", DecisionSource.HUMAN, "alice", 10_000), 0);
    }

    @Test
    void anotherReviewerOverturnsTheDecisionAndAnAmendedDecisionSupersedesIt() throws Exception {
        open();
        decidedByAliceThenAppealed();
        h.setProcessingTime(11_000);
        h.processElement2(labelAt("ok", "bob", 10_500), 0);

        List<Decision> ds = h.extractOutputValues();
        assertEquals(2, ds.size(), ds.toString());
        Decision amended = ds.get(1);
        assertEquals("ok", amended.decision());
        assertEquals(DecisionSource.HUMAN, amended.source());
        assertEquals(Route.APPEAL, amended.route());
        assertEquals("bob", amended.annotator());
        assertEquals(1_200L, amended.supersedes(), "it names the decision it replaces");
        assertEquals("ap-1", amended.appealId());
        assertEquals(10_000, amended.requestedAt());
        assertEquals(11_000, amended.decidedAt());
        List<AuditEvent> overturned = audit(AuditType.APPEAL_OVERTURNED);
        assertEquals(1, overturned.size());
        assertEquals("ap-1", overturned.get(0).appealId());
        assertEquals("bob", overturned.get(0).annotator());
        assertEquals(1, side(h, Tags.LABELED).size(), "an appeal teaches the model nothing (selected, not sampled)");
        List<DecidedRecord> desk = side(h, Tags.DECIDED);
        assertEquals(amended, desk.get(desk.size() - 1).decision());
        assertTrue(desk.get(desk.size() - 1).appealClosed());
        // the appeal is over: a further label is refused as any label for a decided record
        h.processElement2(labelAt("fraud", "carol", 11_500), 0);
        h.processBothWatermarks(new Watermark(11_500 + Fixtures.ORPHAN_WAIT_MS));
        assertEquals(2, h.extractOutputValues().size());
        assertEquals(List.of("duplicate"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
    }

    @Test
    void theSameClassUpholdsTheDecisionAndNothingIsAmended() throws Exception {
        open();
        decidedByAliceThenAppealed();
        h.processElement2(labelAt("fraud", "bob", 10_500), 0);
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(1, audit(AuditType.APPEAL_UPHELD).size());
        DecidedRecord closed = side(h, Tags.DECIDED).get(side(h, Tags.DECIDED).size() - 1);
        assertNull(closed.decision());
        assertTrue(closed.appealClosed());
    }

    @Test
    void theContestedDecisionsAnnotatorAndEarlierLabelsCannotAnswer() throws Exception {
        open();
        decidedByAliceThenAppealed();
        h.processElement2(labelAt("fraud", "alice", 10_500), 0);
        // a label given long before the appeal (a resend of an old one) answers nothing
        h.processElement2(labelAt("ok", "bob", 10_000 - LabelJoiner.GRACE_MS - 1), 0);
        assertEquals(List.of("party-to-appeal", "label-before-appeal"),
                audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(audit(AuditType.APPEAL_UPHELD).isEmpty() && audit(AuditType.APPEAL_OVERTURNED).isEmpty());
    }

    @Test
    void anAppealNobodyAnswersExpiresAndTheDecisionStands() throws Exception {
        open();
        decidedByAliceThenAppealed();
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();
        h = LabelJoinerTest.harness(SPEC); // the open appeal survives a restart
        h.setup();
        h.initializeState(snap);
        h.open();
        h.processBothWatermarks(new Watermark(10_000 + APPEAL_DEADLINE_MS + LabelJoiner.GRACE_MS));
        List<AuditEvent> expired = audit(AuditType.APPEAL_EXPIRED);
        assertEquals(1, expired.size());
        assertEquals("ap-1", expired.get(0).appealId());
        assertTrue(expired.get(0).reason().startsWith("no-answer"), expired.get(0).reason());
        assertTrue(h.extractOutputValues().isEmpty(), "no decision changes");
        assertTrue(side(h, Tags.DECIDED).get(side(h, Tags.DECIDED).size() - 1).appealClosed());
    }

    @Test
    void anAnswerReadBeforeItsAppealWaitsForIt() throws Exception {
        open();
        h.processElement1(request("tx-1", 1_000), 0);
        h.processElement2(label("tx-1", "fraud", "alice"), 0); // decided at 1,000
        h.processElement2(labelAt("ok", "bob", 10_500), 0);     // an appeal's answer, read before the appeal
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty(), "it waits instead of being refused as a conflict");
        h.setProcessingTime(10_600);
        h.processElement1(appealOf("fraud", DecisionSource.HUMAN, "alice", 10_000), 0);
        assertEquals(1, audit(AuditType.APPEAL_OVERTURNED).size());
        assertEquals("ok", h.extractOutputValues().get(1).decision());
    }

    @Test
    void anAutomatedDecisionIsAppealedLikeAnyOther() throws Exception {
        open();
        h.processElement1(appealOf("fraud", DecisionSource.AUTO, null, 10_000), 0);
        h.processElement2(labelAt("ok", "alice", 10_500), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size());
        assertEquals("ok", ds.get(0).decision());
        assertEquals(Route.APPEAL, ds.get(0).route());
        assertEquals(1, audit(AuditType.APPEAL_OVERTURNED).size());
    }
}
