package io.triage.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Outcome;
import io.triage.event.Route;
import io.triage.spec.JobSpec;
import io.triage.spec.OutcomeSpec;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/** The outcome desk: what it joins, what it refuses and why, what it forgets, and that it survives a restore. */
class OutcomeDeskTest {
    private static final long RETENTION = 100_000;
    private static final long WAIT = 5_000;
    private static final JobSpec SPEC = Fixtures.spec(List.of()).withReview(Fixtures.spec(List.of()).review()
            .withOutcomes(new OutcomeSpec(RETENTION, 10_000L, 50, WAIT)));
    private KeyedTwoInputStreamOperatorTestHarness<String, Decision, Outcome, AuditEvent> h;

    private static KeyedTwoInputStreamOperatorTestHarness<String, Decision, Outcome, AuditEvent> harness(JobSpec spec)
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new OutcomeDesk(spec)),
                JoinKey.ofDecision(), JoinKey.ofOutcome(), Types.STRING);
    }

    private void open(JobSpec spec, OperatorSubtaskState from) throws Exception {
        h = harness(spec);
        h.setup();
        if (from != null) h.initializeState(from);
        h.open();
        h.setProcessingTime(1_000);
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    private static Decision decision(String id, String decided, DecisionSource source, Route route, long at) {
        return new Decision(id, "fraud", decided, source, route, "fraud", 0.97, 3, 2, null, 42, at, at);
    }

    private static Outcome outcome(String outcomeId, String id, String truth, long at) {
        return new Outcome(outcomeId, "fraud", id, truth, "chargeback", at);
    }

    private List<String> verdicts() {
        return h.extractOutputValues().stream().map(e -> e.type() == AuditType.OUTCOME_JOINED
                ? e.verdict() + ":" + e.decisionSource() : e.reason()).toList();
    }

    @Test
    void joinsTheTruthToTheFirstDecisionAndRefusesTheRestWithTheirReasons() throws Exception {
        open(SPEC, null);
        h.processElement1(decision("tx-1", "ok", DecisionSource.AUTO, Route.AUTO, 1_000), 0);
        h.processElement1(decision("tx-2", "fraud", DecisionSource.HUMAN, Route.REVIEW, 1_000), 0);
        // an appeal amended tx-1 later: the promise is about what the model decided, so that is what is judged
        h.processElement1(new Decision("tx-1", "fraud", "fraud", DecisionSource.HUMAN, Route.APPEAL, "ok", 0.97, 3, 2,
                "officer", 42, 2_000, 3_000, 1_000L, "ap-1"), 0);
        h.processElement2(outcome("o-1", "tx-1", "fraud", 50_000), 0);
        h.processElement2(outcome("o-2", "tx-2", "fraud", 50_000), 0);
        h.processElement2(outcome("o-1", "tx-1", "fraud", 50_001), 0);   // resend
        h.processElement2(outcome("o-3", "tx-1", "fraud", 50_002), 0);   // a second observation, agreeing
        h.processElement2(outcome("o-4", "tx-1", "ok", 50_003), 0);      // a second one, disagreeing
        h.processElement2(outcome("o-5", "tx-2", "spam", 50_004), 0);    // not a class of the model
        assertEquals(List.of("wrong:AUTO", "correct:HUMAN", "duplicate-outcome", "repeated-outcome",
                "conflicting-outcome", "unknown-class"), verdicts());
        AuditEvent joined = h.extractOutputValues().get(0);
        assertEquals(Route.AUTO, joined.route());
        assertEquals("ok", joined.decision(), "the judged decision");
        assertEquals("fraud", joined.predicted(), "the model's prediction when it was decided");
        assertEquals("o-1", joined.outcomeId());
        assertEquals("fraud", joined.label(), "the truth");
        assertEquals("chargeback", joined.annotator(), "where it came from");
        assertEquals(Long.valueOf(1_000), joined.decidedAt(), "when the judged decision was made (its window)");
        assertEquals(50_000, joined.ts());
    }

    @Test
    void anOutcomeWaitsForItsDecisionAWhileThenIsRefused() throws Exception {
        open(SPEC, null);
        h.processElement2(outcome("o-1", "tx-1", "fraud", 1_000), 0);
        h.processElement2(outcome("o-2", "tx-9", "fraud", 1_000), 0);
        assertTrue(h.extractOutputValues().isEmpty(), "both wait");
        h.processElement1(decision("tx-1", "fraud", DecisionSource.AUTO, Route.AUTO, 2_000), 0);
        assertEquals(List.of("correct:AUTO"), verdicts());
        h.setProcessingTime(1_000 + 10 * WAIT);
        assertEquals(List.of("correct:AUTO"), verdicts(), "the clock alone ends no wait: the read-back may be behind");
        h.processBothWatermarks(new Watermark(1_000 + WAIT - 1));
        assertEquals(List.of("correct:AUTO"), verdicts());
        h.processBothWatermarks(new Watermark(1_000 + WAIT));
        assertEquals(List.of("correct:AUTO", "not-decided"), verdicts(), "read up to the end of its wait: refused");
    }

    /** After a stall the small outcomes topic is read before the decisions committed before it: no refusal then. */
    @Test
    void anOutcomeReadBeforeItsDecisionAfterAStallWaitsForTheReadBackNotTheClock() throws Exception {
        open(SPEC, null);
        h.setProcessingTime(1_000 + 60 * WAIT); // read long after it was observed
        h.processElement2(outcome("o-1", "tx-1", "fraud", 1_000), 0);
        h.setProcessingTime(1_000 + 61 * WAIT);
        h.processWatermark2(new Watermark(1_000 + 60 * WAIT)); // outcomes read to the end, decisions still behind
        assertTrue(h.extractOutputValues().isEmpty(), "still waiting: " + verdicts());
        h.processElement1(decision("tx-1", "fraud", DecisionSource.AUTO, Route.AUTO, 900), 0);
        assertEquals(List.of("correct:AUTO"), verdicts());
    }

    @Test
    void forgetsADecisionAfterTheRetentionAndRefusesOutcomesObservedTooLate() throws Exception {
        open(SPEC, null);
        h.processElement1(decision("tx-1", "ok", DecisionSource.AUTO, Route.AUTO, 1_000), 0);
        h.processElement2(outcome("o-1", "tx-1", "fraud", 1_000 + RETENTION + 1), 0);
        assertEquals(List.of("after-retention"), verdicts());
        h.setProcessingTime(1_000 + RETENTION);
        h.processElement2(outcome("o-2", "tx-1", "fraud", 1_000 + RETENTION), 0);
        h.processBothWatermarks(new Watermark(1_000 + RETENTION + WAIT));
        assertEquals(List.of("after-retention", "not-decided"), verdicts(), "forgotten: state stays bounded");
    }

    @Test
    void offByDefaultAndEveryOutcomeIsRefusedSaying() throws Exception {
        open(Fixtures.spec(List.of()), null);
        h.processElement1(decision("tx-1", "ok", DecisionSource.AUTO, Route.AUTO, 1_000), 0);
        h.processElement2(outcome("o-1", "tx-1", "fraud", 2_000), 0);
        assertEquals(List.of("outcomes-off"), verdicts());
    }

    @Test
    void survivesARestoreWithTheDecisionAndTheJoinedOutcome() throws Exception {
        open(SPEC, null);
        h.processElement1(decision("tx-1", "ok", DecisionSource.AUTO, Route.AUTO, 1_000), 0);
        h.processElement2(outcome("o-1", "tx-1", "ok", 2_000), 0);
        h.processElement2(outcome("o-2", "tx-2", "ok", 2_000), 0); // waiting for tx-2's decision
        OperatorSubtaskState snap = h.snapshot(1, 1);
        h.close();
        open(SPEC, snap);
        h.processElement2(outcome("o-1", "tx-1", "ok", 3_000), 0);
        h.processElement1(decision("tx-2", "fraud", DecisionSource.AUTO, Route.AUTO, 3_000), 0);
        assertEquals(List.of("duplicate-outcome", "wrong:AUTO"), verdicts());
    }
}
