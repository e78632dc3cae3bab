package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.Appeal;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DecidedRecord;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.AppealSpec;
import io.triage.spec.JobSpec;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The appeal desk: what it remembers, what it accepts, and the review request it writes. */
class AppealDeskTest {
    private static final long WINDOW = 60_000;
    private static final long DEADLINE = 5_000;
    private static final JobSpec SPEC = Fixtures.spec(List.of()).withReview(Fixtures.spec(List.of()).review()
            .withAppeals(new AppealSpec(WINDOW, DEADLINE, 1)));
    private KeyedTwoInputStreamOperatorTestHarness<String, DecidedRecord, Appeal, ReviewRequest> h;

    private static KeyedTwoInputStreamOperatorTestHarness<String, DecidedRecord, Appeal, ReviewRequest> harness(JobSpec spec)
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new AppealDesk(spec)),
                JoinKey.ofDecided(), JoinKey.ofAppeal(), Types.STRING);
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

    private static Decision auto(String id, String decision, long at) {
        return new Decision(id, "fraud", decision, DecisionSource.AUTO, Route.AUTO, "fraud", 0.97, 3, 2, null, 42,
                at, at);
    }

    private static Appeal appeal(String appealId, String id, long ts) {
        return new Appeal(appealId, "fraud", id, "I made this payment", "case-7", ts);
    }

    private List<String> rejections() {
        return side(h, Tags.AUDIT).stream().filter(e -> e.type() == AuditType.APPEAL_REJECTED)
                .map(AuditEvent::reason).toList();
    }

    @Test
    void anAppealOfAnAutomatedDecisionBecomesAnAppealReviewShowingTheDecision() throws Exception {
        open(SPEC);
        h.processElement1(DecidedRecord.of(auto("tx-1", "fraud", 1_000), "{\"amount\":10.0}"), 0);
        h.setProcessingTime(2_000);
        h.processElement2(appeal("ap-1", "tx-1", 2_000), 0);
        List<ReviewRequest> out = h.extractOutputValues();
        assertEquals(1, out.size());
        ReviewRequest r = out.get(0);
        assertEquals(Route.APPEAL, r.reason());
        assertEquals("{\"amount\":10.0}", r.features(), "the reviewer sees the record as it was decided");
        assertEquals(1.0, r.priority(), "appeals come first");
        assertEquals(2_000 + DEADLINE, r.deadline());
        assertEquals(0.97, r.confidence());
        assertEquals(3, r.modelVersion());
        assertArrayEquals(new String[] {"fraud", "ok"}, r.classes());
        assertEquals("fraud", r.appeal().decision());
        assertEquals(DecisionSource.AUTO, r.appeal().source());
        assertEquals(1_000, r.appeal().decidedAt());
        assertEquals("ap-1", r.appeal().appealId());
        assertEquals("I made this payment", r.appeal().reason());
        List<AuditEvent> received = side(h, Tags.AUDIT).stream().filter(e -> e.type() == AuditType.APPEAL_RECEIVED).toList();
        assertEquals(1, received.size());
        assertEquals("ap-1", received.get(0).appealId());
        assertEquals("fraud", received.get(0).decision(), "the contested decision");
        assertEquals(Long.valueOf(DEADLINE), received.get(0).deadlineMs());
    }

    @Test
    void refusesWhatCannotBeAppealedWithAReason() throws Exception {
        open(SPEC);
        h.processElement2(appeal("ap-0", "tx-9", 1_000), 0);                         // never decided
        h.processElement1(DecidedRecord.of(auto("tx-2", null, 1_000), "{}"), 0);
        h.processElement2(appeal("ap-2", "tx-2", 1_000), 0);                         // abstained
        h.processElement1(DecidedRecord.of(auto("tx-1", "fraud", 1_000), "{}"), 0);
        h.processElement2(appeal("ap-late", "tx-1", 1_001 + WINDOW), 0);             // after the window
        h.processElement2(appeal("ap-1", "tx-1", 2_000), 0);                         // accepted
        h.processElement2(appeal("ap-1", "tx-1", 2_100), 0);                         // resent
        h.processElement2(appeal("ap-3", "tx-1", 2_200), 0);                         // while under review
        // the LabelJoiner reports the appeal upheld: one appeal per record is all this spec allows
        h.processElement1(new DecidedRecord("fraud", "tx-1", null, null, true), 0);
        h.processElement2(appeal("ap-4", "tx-1", 3_000), 0);
        assertEquals(List.of("not-decided", "nothing-to-contest", "appeal-window-closed", "duplicate-appeal",
                "appeal-pending", "too-many-appeals"), rejections());
        assertEquals(1, h.extractOutputValues().size());
    }

    @Test
    void appealsAreRefusedWhenOffAndNothingIsKept() throws Exception {
        open(Fixtures.spec(List.of()));
        h.processElement1(DecidedRecord.of(auto("tx-1", "fraud", 1_000), "{}"), 0);
        h.processElement2(appeal("ap-1", "tx-1", 2_000), 0);
        assertEquals(List.of("appeals-off"), rejections());
        assertEquals(0, h.numKeyedStateEntries(), "no state for decisions when appeals are off");
    }

    @Test
    void anAmendedDecisionIsWhatAFurtherAppealContestsAndTheRecordIsForgottenAfterTheWindow() throws Exception {
        open(SPEC.withReview(SPEC.review().withAppeals(new AppealSpec(WINDOW, DEADLINE, 2))));
        h.processElement1(DecidedRecord.of(auto("tx-1", "fraud", 1_000), "{\"amount\":10.0}"), 0);
        h.processElement2(appeal("ap-1", "tx-1", 2_000), 0);
        Decision amended = new Decision("tx-1", "fraud", "ok", DecisionSource.HUMAN, Route.APPEAL, "fraud", 0.97, 3, 2,
                "bob", 42, 2_000, 3_000, 1_000L, "ap-1");
        h.processElement1(new DecidedRecord("fraud", "tx-1", amended, null, true), 0);
        OperatorSubtaskState snap = h.snapshot(0, 0);
        h.close();
        h = harness(SPEC.withReview(SPEC.review().withAppeals(new AppealSpec(WINDOW, DEADLINE, 2))));
        h.setup();
        h.initializeState(snap);
        h.open();
        h.setProcessingTime(4_000);
        h.processElement2(appeal("ap-2", "tx-1", 4_000), 0);
        ReviewRequest second = h.extractOutputValues().get(0);
        assertEquals("ok", second.appeal().decision(), "the current decision is the amended one");
        assertEquals("bob", second.appeal().annotator(), "so bob may not review it again");
        assertEquals("{\"amount\":10.0}", second.features(), "the record is kept from its first decision");
        h.processElement1(new DecidedRecord("fraud", "tx-1", null, null, true), 0);
        h.setProcessingTime(3_000 + WINDOW);
        assertEquals(0, h.numKeyedStateEntries(), "forgotten once the amended decision's window closed");
        assertTrue(rejections().isEmpty(), rejections().toString());
    }
}
