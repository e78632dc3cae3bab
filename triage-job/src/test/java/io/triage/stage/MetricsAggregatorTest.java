package io.triage.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.Route;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MetricsAggregatorTest {
    private static final long IDLE = 10_000;

    private static KeyedTwoInputStreamOperatorTestHarness<String, AuditEvent, ModelPublished, Metrics> harness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(3, IDLE)), AuditEvent::model, ModelPublished::model,
                Types.STRING);
    }

    private static AuditEvent scored(String id, Route route) {
        return AuditEvent.of(AuditType.SCORED, id, "m", 1, 1, 0).withRoute(route, "ok", 0.9);
    }

    private static AuditEvent labeled(String id, Route route, String label, double latency) {
        return AuditEvent.of(AuditType.LABELED, id, "m", 1, 1, 0).withRoute(route, "ok", 0.9)
                .withLabel(label, "alice").with(b -> b.eventId("ev").latencyMs((long) latency));
    }

    private static ModelPublished published(long version, double threshold) {
        return new ModelPublished("m", version, version - 1, version, version, "r", "ok", "digest",
                new String[] {"fraud", "ok"}, threshold, 0.02, 0.97, 0.93, 150, 0.9, 1, "p", 0, version, 0, 1, threshold,
                0.0, 3.5, 0.025);
    }

    @Test
    void aWindowClosesAfterNScoredRecords() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(100);
            h.processElement2(published(4, 0.8), 0);
            h.processElement1(scored("a", Route.AUTO), 0);
            h.processElement1(scored("b", Route.REVIEW), 0);
            h.processElement1(labeled("b", Route.REVIEW, "fraud", 200), 0);
            h.processElement1(labeled("x", Route.AUDIT, "ok", 400), 0);
            h.processElement2(published(3, 0.5), 0); // stale: ignored
            assertTrue(h.extractOutputValues().isEmpty());
            h.processElement1(scored("c", Route.AUDIT), 0);

            List<Metrics> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Metrics m = out.get(0);
            assertEquals("m", m.model());
            assertEquals(0, m.window());
            assertEquals(3, m.records());
            assertEquals(1, m.auto());
            assertEquals(2, m.toReview());
            assertEquals(1, m.audited());
            assertEquals(2, m.labeled());
            assertEquals(0, m.expired());
            assertEquals(1.0 / 3, m.automationRate(), 1e-12);
            assertEquals(0.5, m.humanAgreement(), 1e-12);
            assertEquals(1.0, m.auditAgreement(), 1e-12);
            assertEquals(0, m.backlog()); // 2 sent to review, 2 outcomes
            assertEquals(300, m.meanReviewLatencyMs(), 1e-9);
            assertEquals(4, m.modelVersion());
            assertEquals(0.8, m.threshold(), 1e-12);
            // what the promise rests on travels with the metrics
            assertEquals(4, m.servingVersion());
            assertEquals(0.8, m.certifiedThreshold(), 1e-12);
            assertEquals(1, m.epoch());
            assertEquals(0.025, m.riskLevel(), 1e-12);

            // the next window starts from zero but keeps the totals
            h.processElement1(scored("d", Route.REVIEW), 0);
            h.processElement1(AuditEvent.of(AuditType.EXPIRED, "d", "m", 1, 1, 0), 0);
            h.processElement1(scored("e", Route.REVIEW), 0);
            h.processElement1(scored("f", Route.AUTO), 0);
            Metrics w1 = h.extractOutputValues().get(1);
            assertEquals(1, w1.window());
            assertEquals(3, w1.records());
            assertEquals(1, w1.expired());
            assertEquals(6, w1.totalRecords());
            assertEquals(1, w1.backlog()); // 4 to review, 3 outcomes
        }
    }

    /**
     * The aggregator reads its state through a heap copy per model ({@link MirroredValue}); every write still goes
     * to the state, so a window counted half before a checkpoint is finished by the restored job, per model.
     */
    @Test
    void aWindowHalfCountedBeforeACheckpointIsFinishedAfterTheRestorePerModel() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(100);
            h.processElement1(scored("a", Route.AUTO), 0);
            h.processElement1(AuditEvent.of(AuditType.SCORED, "z", "n", 1, 1, 0).withRoute(Route.REVIEW, "ok", 0.9), 0);
            h.processElement1(scored("b", Route.REVIEW), 0);
            snapshot = h.snapshot(1, 1);
            h.processElement1(scored("lost", Route.AUTO), 0); // after the checkpoint: replayed, not counted twice
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(200);
            h.processElement1(scored("c", Route.AUTO), 0);
            List<Metrics> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("m", out.get(0).model());
            assertEquals(3, out.get(0).records());
            assertEquals(2, out.get(0).auto());
            h.processElement1(AuditEvent.of(AuditType.SCORED, "y", "n", 1, 1, 0).withRoute(Route.AUTO, "ok", 0.9), 0);
            h.processElement1(AuditEvent.of(AuditType.SCORED, "x", "n", 1, 1, 0).withRoute(Route.AUTO, "ok", 0.9), 0);
            Metrics n = h.extractOutputValues().get(1);
            assertEquals("n", n.model());
            assertEquals(3, n.records());
            assertEquals(1, n.toReview());
            // the idle flush of the restored model's window is the one registered before the checkpoint
            h.processElement1(scored("d", Route.AUTO), 0);
            h.setProcessingTime(200 + IDLE);
            assertEquals(1, h.extractOutputValues().get(2).records());
        }
    }

    /**
     * Audits just above the threshold are drawn more often (and weigh less): the window's audit agreement weighs
     * each by its inverse draw probability, so one wrong audit drawn at 1/3 does not count as much as three right
     * ones drawn at 1/10.
     */
    @Test
    void auditAgreementWeighsEachAuditByItsInverseDrawProbability() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(100);
            h.processElement2(published(4, 0.8), 0);
            h.processElement1(labeled("w", Route.AUDIT, "fraud", 10).with(b -> b.labelWeight(3.0)), 0);
            for (String id : List.of("r1", "r2", "r3")) {
                h.processElement1(labeled(id, Route.AUDIT, "ok", 10).with(b -> b.labelWeight(10.0)), 0);
            }
            for (String id : List.of("a", "b", "c")) h.processElement1(scored(id, Route.AUTO), 0);
            Metrics m = h.extractOutputValues().get(0);
            assertEquals(30.0 / 33.0, m.auditAgreement(), 1e-12); // unweighted it would be 3/4
        }
    }

    @Test
    void anIdleWindowIsFlushed() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(100);
            h.processElement1(scored("a", Route.AUTO), 0);
            h.setProcessingTime(100 + IDLE - 1);
            assertTrue(h.extractOutputValues().isEmpty());
            h.setProcessingTime(100 + IDLE);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(1, h.extractOutputValues().get(0).records());
            assertEquals(100 + IDLE, h.extractOutputValues().get(0).windowEnd());
        }
    }

    @Test
    void rejectionsAloneAreReportedUnderNoModel() throws Exception {
        var keys = MetricsAggregator.keys(java.util.Set.of("m"));
        AuditEvent noModel = AuditEvent.of(AuditType.INPUT_REJECTED, null, null, -1, -1, 0).because("empty: x");
        AuditEvent unknown = AuditEvent.of(AuditType.LABEL_REJECTED, "r", "nope", -1, -1, 0).because("unknown-model");
        assertEquals(MetricsAggregator.NO_MODEL, keys.getKey(noModel));
        assertEquals(MetricsAggregator.NO_MODEL, keys.getKey(unknown));
        assertEquals("m", keys.getKey(scored("a", Route.AUTO)));
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, AuditEvent, ModelPublished, Metrics>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(3, IDLE)), keys, ModelPublished::model, Types.STRING)) {
            h.open();
            h.setProcessingTime(100);
            h.processElement1(noModel, 0);
            h.processElement1(unknown, 0);
            h.setProcessingTime(100 + IDLE);
            List<Metrics> out = h.extractOutputValues();
            assertEquals(1, out.size(), "a window of rejections alone is flushed");
            assertEquals(MetricsAggregator.NO_MODEL, out.get(0).model());
            assertEquals(1, out.get(0).inputsRejected());
            assertEquals(1, out.get(0).labelsRejected());
        }
    }

    @Test
    void correctionsAreCounted() throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, AuditEvent, ModelPublished, Metrics>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(3, IDLE)), AuditEvent::model, ModelPublished::model,
                Types.STRING)) {
            h.open();
            h.setProcessingTime(100);
            h.processElement1(AuditEvent.of(AuditType.LABEL_CORRECTED, "a", "m", 1, 1, 0).because("amended"), 0);
            h.processElement1(AuditEvent.of(AuditType.LABEL_CORRECTED, "b", "m", 1, 1, 0).because("decision-stands"), 0);
            h.processElement1(scored("c", Route.REVIEW), 0);
            h.setProcessingTime(100 + IDLE);
            List<Metrics> out = h.extractOutputValues();
            assertEquals(2, out.get(out.size() - 1).labelsCorrected());
        }
    }

    @Test
    void aBacklogBeyondCapacityRaisesAnAlarmAndClearsIt() throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(1000, IDLE, java.util.Map.of("m", 3L), java.util.Map.of())),
                AuditEvent::model, ModelPublished::model, Types.STRING)) {
            h.open();
            for (String id : new String[] {"a", "b", "c"}) h.processElement1(scored(id, Route.REVIEW), 0);
            assertTrue(Fixtures.side(h, Tags.AUDIT).isEmpty(), "3 pending = capacity: no alarm yet");
            h.processElement1(scored("d", Route.REVIEW), 0);
            h.processElement1(scored("e", Route.REVIEW), 0);
            List<AuditEvent> alarms = Fixtures.side(h, Tags.AUDIT);
            assertEquals(1, alarms.size(), "raised once, not on every record");
            assertEquals(AuditType.BACKLOG_ALARM, alarms.get(0).type());
            assertEquals(Long.valueOf(4), alarms.get(0).backlog());
            for (String id : new String[] {"a", "b", "c"}) h.processElement1(labeled(id, Route.REVIEW, "ok", 10), 0);
            alarms = Fixtures.side(h, Tags.AUDIT);
            assertEquals(2, alarms.size());
            assertTrue(alarms.get(1).reason().startsWith("cleared"), alarms.get(1).reason());
            h.setProcessingTime(IDLE);
            assertTrue(h.extractOutputValues().get(0).backlog() == 2 && !h.extractOutputValues().get(0).backlogAlarm());
        }
    }

    private static AuditEvent expired(String id, String fallback) {
        return AuditEvent.of(AuditType.EXPIRED, id, "m", 1, 1, 0).withRoute(Route.REVIEW, "ok", 0.6)
                .because("no-label: within 1000 ms").with(b -> b.decision(fallback).deadlineMs(1000L));
    }

    @Test
    void reviewersWhoAnswerNothingRaiseAnAlarmAndFallbackDecisionsAreCountedApart() throws Exception {
        // every review expires: the backlog never grows (expiries resolve requests), but nobody is reviewing
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(1000, IDLE, java.util.Map.of("m", 10_000L), java.util.Map.of())),
                AuditEvent::model, ModelPublished::model, Types.STRING)) {
            h.open();
            for (int i = 0; i < 200; i++) {
                h.processElement1(scored("r" + i, Route.REVIEW), 0);
                h.processElement1(expired("r" + i, i % 2 == 0 ? "ok" : null), 0);
            }
            List<AuditEvent> alarms = Fixtures.side(h, Tags.AUDIT);
            assertEquals(1, alarms.size(), alarms.toString());
            assertEquals(AuditType.BACKLOG_ALARM, alarms.get(0).type());
            assertTrue(alarms.get(0).reason().startsWith("expiry share"), alarms.get(0).reason());
            h.setProcessingTime(IDLE);
            Metrics m = h.extractOutputValues().get(0);
            assertEquals(200, m.expired());
            assertEquals(100, m.fallbackDecisions(), "decided by the model on expiry, outside the promise");
            assertEquals(0, m.auto(), "fallback decisions are not automated decisions");
            assertTrue(m.backlogAlarm());
            // reviewers come back: the share falls and the alarm clears
            for (int i = 0; i < 400; i++) {
                h.processElement1(scored("s" + i, Route.REVIEW), 0);
                h.processElement1(labeled("s" + i, Route.REVIEW, "ok", 10), 0);
            }
            alarms = Fixtures.side(h, Tags.AUDIT);
            assertEquals(2, alarms.size(), alarms.toString());
            assertTrue(alarms.get(1).reason().startsWith("cleared"), alarms.get(1).reason());
        }
    }

    private static AuditEvent judged(String id, Route route, String verdict, long decidedAt, long observedAt) {
        return AuditEvent.of(AuditType.OUTCOME_JOINED, id, "m", 1, 1, observedAt).withRoute(route, "ok", 0.99)
                .withLabel(verdict.equals("wrong") ? "bad" : "ok", "chargeback")
                .with(b -> b.decision("ok").verdict(verdict).decisionSource(io.triage.event.DecisionSource.AUTO).decidedAt(decidedAt));
    }

    /**
     * Known errors among a closed window's automated decisions above the target's budget prove the promise broken
     * there, whichever records got an outcome: one OUTCOMES_CONTRADICT, and the outcome figures in the metrics.
     */
    @Test
    void lateOutcomesThatProveAWindowBelowTargetRaiseOneContradiction() throws Exception {
        long window = 10_000;
        var outcomes = new io.triage.spec.OutcomeSpec(100 * window, window, 50, 0L);
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new MetricsAggregator(1000, IDLE, java.util.Map.of(), java.util.Map.of("m", 0.9), outcomes)),
                AuditEvent::model, ModelPublished::model, Types.STRING)) {
            h.open();
            for (int i = 0; i < 100; i++) {
                h.processElement1(AuditEvent.of(AuditType.SCORED, "r" + i, "m", 1, 1, i * 10L)
                        .withRoute(Route.AUTO, "ok", 0.99).with(b -> b.labelWeight(1.0)), 0);
            }
            // outcomes come for the bad ones only: 11 wrong of 100 automated is a precision of at most 0.89
            for (int i = 0; i < 11; i++) h.processElement1(judged("r" + i, Route.AUTO, "wrong", i * 10L, 5 * window), 0);
            h.processElement1(judged("r50", Route.AUTO, "correct", 500, 5 * window), 0);
            assertTrue(Fixtures.side(h, Tags.AUDIT).isEmpty(), "the window is still open: later decisions may dilute it");
            h.processElement1(AuditEvent.of(AuditType.SCORED, "n", "m", 1, 1, window + 1)
                    .withRoute(Route.AUTO, "ok", 0.99).with(b -> b.labelWeight(1.0)), 0);
            List<AuditEvent> alarms = Fixtures.side(h, Tags.AUDIT);
            assertEquals(1, alarms.size(), alarms.toString());
            assertEquals(AuditType.OUTCOMES_CONTRADICT, alarms.get(0).type());
            assertEquals(0.89, alarms.get(0).precisionAtMost(), 1e-12);
            h.processElement1(judged("r12", Route.AUTO, "wrong", 120, 6 * window), 0);
            assertEquals(1, Fixtures.side(h, Tags.AUDIT).size(), "a window contradicts once");
            h.setProcessingTime(IDLE);
            Metrics m = h.extractOutputValues().get(0);
            assertEquals(13, m.outcomesJoined());
            assertEquals(13, m.outcomesAuto());
            assertEquals(1 / 13.0, m.outcomePrecisionAuto(), 1e-12, "the rate among outcomes, a non-random sample");
            assertEquals(1, m.outcomeContradictions());
        }
    }

    private static AuditEvent vote(String id, String label, String annotator) {
        return AuditEvent.of(AuditType.CONSENSUS_VOTE, id, "m", 1, 1, 0).withRoute(Route.AUDIT, "ok", 0.9)
                .withLabel(label, annotator).because("majority");
    }

    @Test
    void consensusVotesGiveAnnotatorQuality() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(100);
            // two items' votes interleaved (two joiner subtasks), each followed by its outcome
            h.processElement1(vote("a", "ok", "alice"), 0);
            h.processElement1(vote("b", "fraud", "alice"), 0);
            h.processElement1(vote("a", "ok", "bob"), 0);
            h.processElement1(vote("b", "fraud", "bob"), 0);
            h.processElement1(labeled("a", Route.AUDIT, "ok", 10), 0);
            h.processElement1(labeled("b", Route.AUDIT, "fraud", 10), 0);
            for (String id : List.of("x", "y", "z")) h.processElement1(scored(id, Route.AUTO), 0);
            Metrics m = h.extractOutputValues().get(0);
            assertEquals(1.0, m.fleissKappa(), 1e-12);
            assertEquals(java.util.Set.of("alice", "bob"), m.annotatorAccuracy().keySet());
            assertEquals(2, m.labeled(), "votes are not labels applied");
        }
    }
}
