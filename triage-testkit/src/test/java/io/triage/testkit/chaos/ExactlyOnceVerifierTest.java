package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.LabeledExample;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.codec.Json;
import io.triage.learn.LearnerCore;
import io.triage.learn.LearningOutcome;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier must pass a clean trail and catch each kind of broken promise. */
class ExactlyOnceVerifierTest {
    private static final JobSpec SPEC = SpecLoader.parse("""
            models:
              - id: m
                classes: [a, b]
                features: {x: numeric}
            """);

    /** Three records, all reviewed and labeled; the published versions come from a real LearnerCore. */
    private static Trail clean() {
        Trail t = new Trail();
        LearnerCore core = new LearnerCore(SPEC.models().get(0), new FeatureSpace(SPEC.models().get(0)));
        for (int i = 0; i < 3; i++) {
            String id = "r" + i;
            String label = i % 2 == 0 ? "a" : "b";
            t.records.add(tree("{\"id\":\"" + id + "\",\"model\":\"m\",\"features\":{\"x\":" + i + ".0}}"));
            ReviewRequest r = new ReviewRequest(id, "m", 1, "{\"x\":" + i + ".0}", new int[] {0}, new double[] {i}, null,
                    new String[0], new double[0], 0.0, Route.COLD_START, 0.5, 100, 0, 0, 1.0, 1, null);
            t.requests.add(tree(Json.write(r)));
            t.audit.add(tree(Json.write(AuditEvent.of(AuditType.SCORED, id, "m", 0, 0, 1).withRoute(Route.COLD_START, null, 0))));
            t.audit.add(tree(Json.write(AuditEvent.of(AuditType.LABELED, id, "m", 0, 0, 2).withLabel(label, "ann"))));
            t.decisions.add(tree(Json.write(new Decision(id, "m", label, DecisionSource.HUMAN, Route.COLD_START, null,
                    0, 0, 0, "ann", 1, 1, 2))));
            LearningOutcome o = core.learn(new LabeledExample(id, "m", label, "ann", r.indices(), r.values(), null, 0,
                    Route.COLD_START, 1.0, 0, 1, 2), 2);
            ModelPublished p = o.published();
            t.models.add(tree(Json.write(p)));
        }
        return t;
    }

    @Test
    void cleanTrailPasses() throws Exception {
        ExactlyOnceVerifier.Report r = ExactlyOnceVerifier.verify(SPEC, clean().outputs());
        assertTrue(r.ok(), r.table());
        assertEquals(3, r.records());
        assertEquals(3, r.versionsReproduced());
    }

    @Test
    void catchesLostDuplicatedAndTamperedVersions() throws Exception {
        Trail lost = clean();
        lost.decisions.remove(0);
        ExactlyOnceVerifier.Report r1 = ExactlyOnceVerifier.verify(SPEC, lost.outputs());
        assertFalse(r1.ok());
        assertEquals(1, r1.lost());

        Trail dup = clean();
        dup.decisions.add(dup.decisions.get(1));
        assertEquals(1, ExactlyOnceVerifier.verify(SPEC, dup.outputs()).duplicated());

        Trail noOutcome = clean();
        noOutcome.audit.removeIf(a -> a.path("type").asText().equals("LABELED") && a.path("recordId").asText().equals("r2"));
        assertFalse(ExactlyOnceVerifier.verify(SPEC, noOutcome.outputs()).ok());

        Trail tampered = clean();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tampered.models.get(1)).put("weightsDigest", "0000");
        ExactlyOnceVerifier.Report r4 = ExactlyOnceVerifier.verify(SPEC, tampered.outputs());
        assertEquals(1, r4.versionsMismatched());
        assertFalse(r4.ok());

        Trail twice = clean();
        twice.models.add(twice.models.get(2));
        assertFalse(ExactlyOnceVerifier.verify(SPEC, twice.outputs()).ok(), "a repeated version is caught");
    }

    /** What the replayer and the team of {@link #clean()} sent: r0..r2, each label on time (deadline 200). */
    private static SendLog sent() {
        SendLog log = new SendLog();
        for (int i = 0; i < 3; i++) {
            log.recordSent("r" + i);
            log.labelSent(new SendLog.LabelSent("r" + i, "ann", i % 2 == 0 ? "a" : "b", 10000, 20000));
        }
        return log;
    }

    private static JsonNode rejected(String id, String annotator, String reason) {
        return tree(Json.write(AuditEvent.of(AuditType.LABEL_REJECTED, id, "m", -1, -1, 3).withLabel("a", annotator)
                .because(reason)));
    }

    @Test
    void checksTheJobAgainstWhatTheSendersLogged() throws Exception {
        ExactlyOnceVerifier.Report r = ExactlyOnceVerifier.verify(SPEC, clean().outputs(), sent());
        assertTrue(r.ok(), r.table());
        assertEquals(3, r.oracle().recordsSent());
        assertEquals(3, r.oracle().labelsSent());
        assertEquals(3, r.oracle().labelsOnTime());
        assertEquals(3, r.oracle().labelsApplied());

        // a record the replayer sent that never reached the topic nor a decision; one decided the replayer never sent
        SendLog extra = sent();
        extra.recordSent("r9");
        ExactlyOnceVerifier.Report r2 = ExactlyOnceVerifier.verify(SPEC, clean().outputs(), extra);
        assertEquals(1, r2.oracle().sentUndecided());
        assertEquals(1, r2.oracle().recordsTopicMismatch());
        assertFalse(r2.ok());
        SendLog missing = new SendLog();
        missing.recordSent("r0");
        missing.recordSent("r1");
        assertEquals(1, ExactlyOnceVerifier.verify(SPEC, clean().outputs(), missing).oracle().decidedNeverSent());
    }

    @Test
    void anHonestOnTimeLabelRejectedIsAProblemALateOneIsExpected() throws Exception {
        // a second reviewer answered r1 on time, and the job rejected it as late
        Trail t = clean();
        t.audit.add(rejected("r1", "bob", "late-after-expiry"));
        SendLog log = sent();
        log.labelSent(new SendLog.LabelSent("r1", "bob", "a", 15000, 20000));
        ExactlyOnceVerifier.Report r = ExactlyOnceVerifier.verify(SPEC, t.outputs(), log);
        assertEquals(1, r.oracle().onTimeRejected());
        assertEquals(1, r.oracle().rejectedUnexpected());
        assertEquals(1, r.oracle().onTimeRejectedLate());
        assertEquals(0, r.oracle().onTimeRejectedAfterLongOutage());
        assertFalse(r.ok(), "counted as an honest label rejected");
        assertFalse(r.problemsButKnown().isEmpty(), "an on-time label rejected as late is a hard failure: " + r.table());

        // its deadline fell within an outage longer than the review deadline: counted as such
        log.longOutage(19_000, 25_000);
        ExactlyOnceVerifier.Report known = ExactlyOnceVerifier.verify(SPEC, t.outputs(), log);
        assertEquals(1, known.oracle().onTimeRejectedAfterLongOutage());
        assertFalse(known.problemsButKnown().isEmpty(), "even after a long outage: " + known.table());

        // an on-time label rejected for any other reason fails too
        Trail unknown = clean();
        unknown.audit.add(rejected("r1", "bob", "unknown-record-id"));
        ExactlyOnceVerifier.Report hard = ExactlyOnceVerifier.verify(SPEC, unknown.outputs(), log);
        assertEquals(1, hard.oracle().onTimeRejected());
        assertEquals(0, hard.oracle().onTimeRejectedLate());
        assertFalse(hard.problemsButKnown().isEmpty(), hard.table());

        // sent after the deadline: rejected as late is what the job must do
        Trail late = clean();
        late.audit.add(rejected("r1", "bob", "late-after-expiry"));
        SendLog lateLog = sent();
        lateLog.labelSent(new SendLog.LabelSent("r1", "bob", "a", 25000, 20000));
        ExactlyOnceVerifier.Report ok = ExactlyOnceVerifier.verify(SPEC, late.outputs(), lateLog);
        assertTrue(ok.ok(), ok.table());
        assertEquals(1, ok.oracle().rejectedExpected());

        // late, but for another reason; and an on-time label with no outcome at all; and a rejection nobody sent
        Trail other = clean();
        other.audit.add(rejected("r1", "bob", "annotator-not-allowed"));
        other.audit.add(rejected("r2", "mallory", "annotator-not-allowed"));
        SendLog otherLog = sent();
        otherLog.labelSent(new SendLog.LabelSent("r1", "bob", "a", 25000, 20000));
        otherLog.labelSent(new SendLog.LabelSent("r0", "carol", "a", 15000, 20000));
        ExactlyOnceVerifier.Report bad = ExactlyOnceVerifier.verify(SPEC, other.outputs(), otherLog);
        assertEquals(1, bad.oracle().rejectedUnexpected());
        assertEquals(1, bad.oracle().onTimeWithoutOutcome());
        assertEquals(1, bad.oracle().labelOutcomesNeverSent());
        assertEquals(3, bad.problems().size(), bad.table());
    }

    @Test
    void whatAnIntruderSentMustBeRefusedWithItsReason() throws Exception {
        SendLog log = sent();
        log.resent("r1");
        log.forgedLabel("forged-1");
        log.forgedRequest("forged-r2");
        String forgedLabel = "{\"id\":\"r0\",\"annotator\":\"ann\",\"eventId\":\"forged-1\",\"signature\":\"00\"}";
        String forgedRequest = "{\"recordId\":\"forged-r2\",\"model\":\"m\"}";

        // refused as it must be
        Trail t = clean();
        t.audit.add(tree(Json.write(AuditEvent.of(AuditType.INPUT_REJECTED, "r1", "m", -1, -1, 3)
                .because("duplicate-record: first seen at 1"))));
        t.deadLetter.add(tree(Json.write(new io.triage.event.DeadLetter("labels", forgedLabel, "bad-signature", "", 3))));
        t.requests.add(tree(forgedRequest));
        t.deadLetter.add(tree(Json.write(new io.triage.event.DeadLetter("review-requests", forgedRequest,
                "invalid-review-request", "unsigned", 3))));
        ExactlyOnceVerifier.Report ok = ExactlyOnceVerifier.verify(SPEC, t.outputs(), log);
        assertTrue(ok.ok(), ok.table());

        // a resend that went through, a forged label applied instead of dead-lettered
        Trail bad = clean();
        bad.audit.add(tree(Json.write(AuditEvent.of(AuditType.LABELED, "r0", "m", 0, 0, 2).withLabel("a", "ann")
                .with(b -> b.eventId("forged-1").latencyMs(1L)))));
        ExactlyOnceVerifier.Report r = ExactlyOnceVerifier.verify(SPEC, bad.outputs(), log);
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1 resent records not refused")), r.table());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1 forged labels applied")), r.table());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1 forged labels not dead-lettered")), r.table());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1 forged review requests not dead-lettered")),
                r.table());
    }

    /** r0's decision appealed and overturned by another annotator, a second appeal refused. */
    private static Trail appealed() {
        Trail t = clean();
        ReviewRequest appeal = new ReviewRequest("r0", "m", 1, "{}", new int[0], new double[0], null, new String[] {"a", "b"},
                null, 0.0, Route.APPEAL, 1.0, 500, 0, 0, 1.0, 10, null,
                new io.triage.event.AppealContext("ap-1", "why", "c1", "a", DecisionSource.HUMAN, "ann", 2));
        t.requests.add(tree(Json.write(appeal)));
        t.audit.add(tree(Json.write(AuditEvent.of(AuditType.APPEAL_RECEIVED, "r0", "m", 0, 0, 10).with(b -> b.appealId("ap-1").deadlineMs(490L)))));
        t.audit.add(tree(Json.write(AuditEvent.of(AuditType.APPEAL_OVERTURNED, "r0", "m", 0, 0, 20).withLabel("b", "ann2")
                .with(b -> b.appealId("ap-1").latencyMs(10L)))));
        t.decisions.add(tree(Json.write(new Decision("r0", "m", "b", DecisionSource.HUMAN, Route.APPEAL, null, 0, 0, 0,
                "ann2", 1, 10, 20, 2L, "ap-1"))));
        t.audit.add(tree(Json.write(AuditEvent.of(AuditType.APPEAL_REJECTED, "r9", "m", -1, -1, 11)
                .because("not-decided").with(b -> b.appealId("ap-2")))));
        return t;
    }

    @Test
    void everyAppealEndsInExactlyOneOutcomeAndAnAmendedDecisionIsNoDuplicate() throws Exception {
        SendLog log = sent();
        log.appealSent("ap-1");
        log.appealSent("ap-2");
        log.labelSent(new SendLog.LabelSent("r0", "ann2", "b", 15, 500)); // the appeal's answer
        ExactlyOnceVerifier.Report ok = ExactlyOnceVerifier.verify(SPEC, appealed().outputs(), log);
        assertTrue(ok.ok(), ok.table());
        assertEquals(1, ok.appeals().overturned());
        assertEquals(1, ok.appeals().rejected());

        Trail twice = appealed(); // the amended decision committed twice
        twice.decisions.add(twice.decisions.get(twice.decisions.size() - 1));
        Trail open = appealed();  // received, never ended
        open.audit.removeIf(a -> "APPEAL_OVERTURNED".equals(a.path("type").asText()));
        open.decisions.remove(open.decisions.size() - 1);
        SendLog more = sent();
        more.appealSent("ap-1");
        more.appealSent("ap-2");
        more.appealSent("ap-3"); // sent, neither received nor refused
        more.labelSent(new SendLog.LabelSent("r0", "ann2", "b", 15, 500));
        assertTrue(ExactlyOnceVerifier.verify(SPEC, twice.outputs(), log).problems().stream()
                .anyMatch(p -> p.startsWith("1 amended decisions duplicated")), "twice");
        assertTrue(ExactlyOnceVerifier.verify(SPEC, open.outputs(), log).problems().stream()
                .anyMatch(p -> p.startsWith("1 accepted appeals without an outcome")), "open");
        assertTrue(ExactlyOnceVerifier.verify(SPEC, appealed().outputs(), more).problems().stream()
                .anyMatch(p -> p.startsWith("1 appeals sent neither accepted nor refused")), "unanswered");
    }

    @Test
    void anExpiryAmendedByALateReadOnTimeLabelIsOneOutcomeNotTwo() throws Exception {
        Trail t = clean(); // r0: an expiry committed first, then its on-time label and the amended decision
        t.audit.add(tree(Json.write(AuditEvent.of(AuditType.EXPIRED, "r0", "m", 0, 0, 1).withLabel(null, null))));
        JsonNode human = t.decisions.remove(0);
        t.decisions.add(0, tree(Json.write(new Decision("r0", "m", null, DecisionSource.EXPIRED, Route.COLD_START, null,
                0, 0, 0, null, 1, 1, 1))));
        t.decisions.add(tree(human.toString().replace("}", ",\"supersedes\":1}")));
        ExactlyOnceVerifier.Report ok = ExactlyOnceVerifier.verify(SPEC, t.outputs());
        assertTrue(ok.ok(), ok.table());
        assertEquals(1, ok.expiriesAmended());

        Trail noAmend = clean(); // the same two outcomes without an amended decision: a duplicate
        noAmend.audit.add(tree(Json.write(AuditEvent.of(AuditType.EXPIRED, "r0", "m", 0, 0, 1).withLabel(null, null))));
        assertTrue(ExactlyOnceVerifier.verify(SPEC, noAmend.outputs()).problems().stream()
                .anyMatch(p -> p.contains("duplicated review requests or outcomes")));
    }

    private static JsonNode tree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Late ground truth: an outcome joined with the verdict its truth gives passes; one judged against the truth, one
     * that never ended, one ended twice and one the feed never sent are each caught.
     */
    @Test
    void everyOutcomeSentEndsOnceWithTheVerdictItsTruthGives() throws Exception {
        Trail t = clean(); // r0 decided a, r1 b, r2 a, all by a human
        SendLog log = new SendLog();
        log.outcomeSent("r0", "a");
        log.outcomeSent("r1", "a");
        t.audit.add(tree(Json.write(joined("r0", "correct:HUMAN"))));
        t.audit.add(tree(Json.write(joined("r1", "wrong:HUMAN"))));
        List<String> problems = new ArrayList<>();
        ExactlyOnceVerifier.Outcomes o = ExactlyOnceVerifier.outcomes(t.outputs(), log, problems);
        assertEquals(List.of(), problems);
        assertEquals(2, o.joined());

        Trail bad = clean();
        log.outcomeSent("r2", "a");
        bad.audit.add(tree(Json.write(joined("r0", "wrong:HUMAN"))));   // the truth says correct
        bad.audit.add(tree(Json.write(joined("r1", "wrong:HUMAN"))));
        bad.audit.add(tree(Json.write(joined("r1", "wrong:HUMAN"))));   // twice; r2 never
        bad.audit.add(tree(Json.write(joined("r9", "correct:AUTO"))));  // never sent
        problems.clear();
        ExactlyOnceVerifier.outcomes(bad.outputs(), log, problems);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("judged wrong:HUMAN, the truth gives correct:HUMAN")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("1 outcomes ended more than once")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("1 outcomes sent never ended")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("r9")), problems.toString());
    }

    /** The long chaos run flagged two known errors of one version replayed in the order the audit topic gave them. */
    @Test
    void knownErrorsReplayInTheOrderTheLearnerTookThem() throws Exception {
        List<JsonNode> read = new ArrayList<>();
        double[][] taken = {{8, 0.0045}, {7, 0.0015}, {7, 0.003}, {9, 0.006}}; // policy version, offset after it
        for (double[] t : taken) {
            read.add(tree(Json.write(AuditEvent.of(AuditType.KNOWN_ERROR, "r", "m", 3, (long) t[0], 1).because("outcome")
                    .with(b -> b.controllerOffset(t[1])))));
        }
        ExactlyOnceVerifier.inLearnerOrder(read);
        assertEquals(List.of(0.0015, 0.003, 0.0045, 0.006), read.stream().map(k -> k.path("controllerOffset").asDouble()).toList());
    }

    private static AuditEvent joined(String id, String verdict) {
        String[] v = verdict.split(":"); // verdict:source of the judged decision
        return AuditEvent.of(AuditType.OUTCOME_JOINED, id, "m", 0, 0, 5).with(b -> b.verdict(v[0])
                .decisionSource(DecisionSource.valueOf(v[1])).decidedAt(2L));
    }

    private static final class Trail {
        final List<JsonNode> records = new ArrayList<>();
        final List<JsonNode> decisions = new ArrayList<>();
        final List<JsonNode> requests = new ArrayList<>();
        final List<JsonNode> audit = new ArrayList<>();
        final List<JsonNode> models = new ArrayList<>();
        final List<JsonNode> deadLetter = new ArrayList<>();

        CommittedOutputs outputs() {
            return new CommittedOutputs(records, decisions, requests, audit, models, List.of(), deadLetter);
        }
    }
}
