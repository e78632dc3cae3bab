package io.triage.stage;

import static io.triage.stage.Fixtures.request;
import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Label;
import io.triage.event.LabeledExample;
import io.triage.event.ReviewRequest;
import io.triage.spec.ConsensusRule;
import io.triage.spec.ConsensusSpec;
import io.triage.spec.JobSpec;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An annotator changes their own answer within the correction window: amended decision and relabel, not a conflict. */
class LabelJoinerCorrectionTest {
    /** Within the fixtures' retention of decided records (10 s), as the spec requires. */
    private static final long WINDOW = 8_000;
    private KeyedTwoInputStreamOperatorTestHarness<String, ReviewRequest, Label, Decision> h;

    private static JobSpec spec() {
        JobSpec s = Fixtures.spec(List.of());
        return s.withReview(s.review().withCorrectionWindow(WINDOW));
    }

    private static JobSpec consensus(int k) {
        JobSpec s = spec();
        return s.withReview(s.review().withConsensus(new ConsensusSpec(Map.of("review", k), ConsensusRule.MAJORITY, null)));
    }

    private void open(JobSpec spec) throws Exception {
        h = LabelJoinerTest.harness(spec);
        h.open();
        h.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    private static Label label(String id, String cls, String annotator, long ts) {
        return new Label(id, "fraud", cls, annotator, ts, "ev-" + id + "-" + cls + "-" + annotator + "-" + ts);
    }

    private List<AuditEvent> audit(AuditType type) {
        return side(h, Tags.AUDIT).stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void aChangedAnswerAmendsTheDecisionAndRelabels() throws Exception {
        open(spec());
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.setProcessingTime(2_000);
        h.processElement2(label("r1", "ok", "alice", 3_000), 0);

        List<Decision> ds = h.extractOutputValues();
        assertEquals(2, ds.size(), ds.toString());
        assertEquals("fraud", ds.get(0).decision());
        assertNull(ds.get(0).supersedes());
        Decision amended = ds.get(1);
        assertEquals("ok", amended.decision());
        assertEquals(DecisionSource.HUMAN, amended.source());
        assertEquals("alice", amended.annotator());
        assertEquals(1_000L, amended.supersedes(), "supersedes the first decision, by its decision time");
        assertNull(amended.appealId());
        assertEquals(2_000L, amended.decidedAt());

        List<LabeledExample> ex = side(h, Tags.LABELED);
        assertEquals(2, ex.size());
        assertNull(ex.get(0).corrects());
        assertEquals("ok", ex.get(1).label());
        assertEquals("fraud", ex.get(1).corrects(), "the Learner relabels: the class it replaces goes with it");
        assertEquals(1, audit(AuditType.LABELED).size(), "one outcome per request: a correction is not a second one");
        List<AuditEvent> c = audit(AuditType.LABEL_CORRECTED);
        assertEquals(1, c.size());
        assertEquals("amended", c.get(0).reason());
        assertEquals("ok", c.get(0).decision());
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());

        // back again: a second correction supersedes the amended decision
        h.setProcessingTime(3_000);
        h.processElement2(label("r1", "fraud", "alice", 4_000), 0);
        ds = h.extractOutputValues();
        assertEquals(3, ds.size());
        assertEquals("fraud", ds.get(2).decision());
        assertEquals(2_000L, ds.get(2).supersedes());
        // and the same answer again is a duplicate, as before
        h.processElement2(new Label("r1", "fraud", "fraud", "alice", 4_100, "ev-again"), 0);
        assertEquals(List.of("duplicate"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
    }

    @Test
    void onlyTheAnnotatorWhoseAnswerDecidedMayCorrectItWithinTheWindow() throws Exception {
        open(spec());
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.processElement2(label("r1", "ok", "bob", 2_000), 0); // someone else: a conflict, for an appeal to settle
        h.processElement2(label("r1", "ok", "alice", 100 + WINDOW + 1), 0); // too late to be a slip
        h.processElement2(label("r1", "maybe", "alice", 3_000), 0); // not a class of the model
        assertEquals(List.of("conflicting-label", "conflicting-label", "unknown-class"),
                audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(audit(AuditType.LABEL_CORRECTED).isEmpty());
    }

    @Test
    void withoutAWindowAChangedAnswerIsAConflict() throws Exception {
        JobSpec s = spec();
        open(s.withReview(s.review().withCorrectionWindow(0)));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.processElement2(label("r1", "ok", "alice", 2_000), 0);
        assertEquals(List.of("conflicting-label"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
        assertEquals(1, h.extractOutputValues().size());
    }

    @Test
    void theWindowSurvivesARestoreAndEndsInEventTime() throws Exception {
        open(spec());
        h.processElement1(request("r1", 0), 0);
        h.processElement1(request("r2", 0), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.processElement2(label("r2", "fraud", "alice", 100), 0);
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();
        h = LabelJoinerTest.harness(spec());
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(5_000);
        h.processElement2(label("r1", "ok", "alice", 2_000), 0);
        assertEquals(List.of("ok"), h.extractOutputValues().stream().map(Decision::decision).toList(),
                "corrected after a restore");
        // the labels read up to past the window: what decided r2 is forgotten, and a change is refused
        h.processWatermark1(new Watermark(Long.MAX_VALUE - 1));
        h.processWatermark2(new Watermark(100 + WINDOW + LabelJoiner.GRACE_MS));
        h.processElement2(label("r2", "ok", "alice", 3_000), 0);
        assertEquals(List.of("conflicting-label"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
    }

    @Test
    void aCorrectionThatCameBeforeItsRequestIsStillACorrection() throws Exception {
        open(spec());
        // both labels read before the job reads the request back: one annotator's change, not a dispute
        h.processElement2(label("r1", "ok", "alice", 300), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.processElement1(request("r1", 0), 0);
        assertEquals(List.of("fraud", "ok"), h.extractOutputValues().stream().map(Decision::decision).toList(),
                "decided by the first answer given, amended by the second");
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());
        assertEquals(1, audit(AuditType.LABEL_CORRECTED).size());
    }

    @Test
    void aCorrectedVoteOfADecidedConsensusIsTalliedAgain() throws Exception {
        open(consensus(3));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice", 100), 0);
        h.processElement2(label("r1", "fraud", "bob", 200), 0);
        h.processElement2(label("r1", "ok", "carol", 300), 0);
        assertEquals("fraud", h.extractOutputValues().get(0).decision());
        // carol changes to fraud: 3–0, the decision stands
        h.processElement2(label("r1", "fraud", "carol", 2_000), 0);
        assertEquals(1, h.extractOutputValues().size());
        // and back to ok: 2–1, still fraud
        h.processElement2(label("r1", "ok", "carol", 2_500), 0);
        assertEquals(1, h.extractOutputValues().size());
        // bob changes to ok: 1–2, the votes now decide ok
        h.setProcessingTime(3_000);
        h.processElement2(label("r1", "ok", "bob", 3_000), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(2, ds.size());
        assertEquals("ok", ds.get(1).decision());
        assertEquals("bob", ds.get(1).annotator(), "the first of the new majority");
        assertEquals(List.of("carol:decision-stands:fraud", "carol:decision-stands:fraud", "bob:amended:ok"), audit(AuditType.LABEL_CORRECTED).stream()
                .map(e -> e.annotator() + ":" + e.reason() + ":" + e.decision()).toList());
        List<LabeledExample> ex = side(h, Tags.LABELED);
        assertEquals(2, ex.size());
        assertEquals("fraud", ex.get(1).corrects());
        assertNull(ex.get(1).voters(), "the votes were observed once, with the first decision");
        // dan never voted: his label is still a conflict
        h.processElement2(label("r1", "fraud", "dan", 3_500), 0);
        assertEquals(List.of("conflicting-label"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
    }
}
