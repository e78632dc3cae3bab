package io.triage.stage;

import static io.triage.stage.Fixtures.label;
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

/** Requests whose route needs several labels (the fixtures' requests are REVIEW). */
class LabelJoinerConsensusTest {
    private KeyedTwoInputStreamOperatorTestHarness<String, ReviewRequest, Label, Decision> h;

    private static JobSpec spec(int reviews, ConsensusRule rule) {
        // three classes, so that labels can fail to reach a majority
        JobSpec s = Fixtures.spec(Fixtures.model("fraud", List.of("fraud", "ok", "unsure"),
                io.triage.spec.ExpiryFallback.MODEL, 100.0), List.of());
        return s.withReview(s.review().withConsensus(new ConsensusSpec(Map.of("review", reviews), rule, null)));
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

    private List<AuditEvent> audit(AuditType type) {
        return side(h, Tags.AUDIT).stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void majorityOfThreeDecidesOnceAsTheFirstOfTheMajority() throws Exception {
        open(spec(3, ConsensusRule.MAJORITY));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        assertTrue(h.extractOutputValues().isEmpty(), "two of three labels decide nothing");
        h.processElement2(label("r1", "fraud", "carol"), 0);
        List<Decision> ds = h.extractOutputValues();
        assertEquals(1, ds.size());
        assertEquals("fraud", ds.get(0).decision());
        assertEquals(DecisionSource.HUMAN, ds.get(0).source());
        assertEquals("alice", ds.get(0).annotator());
        List<LabeledExample> ex = side(h, Tags.LABELED);
        assertEquals(1, ex.size());
        assertEquals("fraud", ex.get(0).label());
        // the votes go with the example: the Learner estimates annotator accuracy from them
        assertEquals(List.of("alice", "bob", "carol"), ex.get(0).voterList());
        assertEquals(List.of("fraud", "ok", "fraud"), ex.get(0).voteList());
        assertEquals(1, audit(AuditType.LABELED).size());
        List<AuditEvent> v = audit(AuditType.CONSENSUS_VOTE);
        assertEquals(List.of("alice:majority", "bob:outvoted", "carol:majority"),
                v.stream().map(e -> e.annotator() + ":" + e.reason()).toList());
        v.forEach(e -> assertEquals("fraud", e.decision()));
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty());
        // a fourth label comes after the decision: refused as any later label
        h.processElement2(label("r1", "ok", "dan"), 0);
        assertEquals("conflicting-label", audit(AuditType.LABEL_REJECTED).get(0).reason());
    }

    @Test
    void sameAnnotatorTwiceIsADuplicateOrACorrectionNotASecondVote() throws Exception {
        open(spec(2, ConsensusRule.MAJORITY));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "alice"), 0);
        assertEquals(List.of("duplicate"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
        assertEquals(List.of("alice:ok:vote-replaced"), audit(AuditType.LABEL_CORRECTED).stream()
                .map(e -> e.annotator() + ":" + e.label() + ":" + e.reason()).toList());
        assertTrue(h.extractOutputValues().isEmpty());
        // alice's vote is now ok: bob's fraud makes no majority, and a third annotator settles it
        h.processElement2(label("r1", "fraud", "bob"), 0);
        assertTrue(h.extractOutputValues().isEmpty());
        h.processElement2(label("r1", "ok", "carol"), 0);
        assertEquals("ok", h.extractOutputValues().get(0).decision());
    }

    @Test
    void withoutACorrectionWindowAChangedVoteIsAConflict() throws Exception {
        JobSpec s = spec(2, ConsensusRule.MAJORITY);
        open(s.withReview(s.review().withCorrectionWindow(0)));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "alice"), 0);
        assertEquals(List.of("conflicting-label"), audit(AuditType.LABEL_REJECTED).stream().map(AuditEvent::reason).toList());
        assertTrue(audit(AuditType.LABEL_CORRECTED).isEmpty());
    }

    @Test
    void noMajorityEscalatesUpToTwoMoreThenExpiresAbstaining() throws Exception {
        open(spec(2, ConsensusRule.MAJORITY));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement2(label("r1", "fraud", "carol"), 0);
        assertEquals("fraud", h.extractOutputValues().get(0).decision(), "the third annotator settles it");

        h.processElement1(request("r2", 0), 0);
        h.processElement2(label("r2", "fraud", "alice"), 0);
        h.processElement2(label("r2", "ok", "bob"), 0);
        h.processElement2(label("r2", "unsure", "carol"), 0);
        assertEquals(1, h.extractOutputValues().size(), "three classes, no majority: one more is asked");
        h.processElement2(label("r2", "ok", "dan"), 0);
        Decision last = h.extractOutputValues().get(1);
        assertEquals(DecisionSource.EXPIRED, last.source());
        assertNull(last.decision(), "humans disagreed: the model's fallback does not decide");
        AuditEvent expired = audit(AuditType.EXPIRED).get(0);
        assertTrue(expired.reason().startsWith("no-consensus: 4 of 2 labels"), expired.reason());
        assertEquals(4, audit(AuditType.CONSENSUS_VOTE).stream().filter(e -> e.recordId().equals("r2")
                && "no-consensus".equals(e.reason())).count());
        assertEquals(1, side(h, Tags.LABELED).size());
    }

    @Test
    void unanimousAsksForMoreOnAnyDissent() throws Exception {
        open(spec(3, ConsensusRule.UNANIMOUS));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement2(label("r1", "fraud", "carol"), 0);
        assertTrue(h.extractOutputValues().isEmpty(), "2 of 3 is a majority, but unanimity asks for more");
        h.processElement2(label("r1", "fraud", "dan"), 0);
        assertEquals("fraud", h.extractOutputValues().get(0).decision());
    }

    @Test
    void labelsBeforeTheRequestAreVotesAndStateSurvivesASnapshot() throws Exception {
        JobSpec spec = spec(3, ConsensusRule.MAJORITY);
        open(spec);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement1(request("r1", 0), 0);
        assertTrue(audit(AuditType.LABEL_REJECTED).isEmpty(), "disagreeing labels are votes, not a dispute");
        OperatorSubtaskState snap = h.snapshot(1, 1);
        h.close();
        h = LabelJoinerTest.harness(spec);
        h.initializeState(snap);
        h.open();
        h.processElement2(label("r1", "ok", "carol"), 0);
        assertEquals("ok", h.extractOutputValues().get(0).decision());
        assertEquals("bob", h.extractOutputValues().get(0).annotator());
    }

    @Test
    void partialVotesOfOneClassExpireWithTheFallback() throws Exception {
        open(spec(3, ConsensusRule.MAJORITY));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processWatermark1(new Watermark(Long.MAX_VALUE - 1));
        h.processWatermark2(new Watermark(Long.MAX_VALUE - 1));
        Decision d = h.extractOutputValues().get(0);
        assertEquals(DecisionSource.EXPIRED, d.source());
        assertEquals("ok", d.decision(), "the model's fallback: no human disagreed");
        assertEquals(1, audit(AuditType.CONSENSUS_VOTE).size());
    }

    @Test
    void weightedTheMostAccurateOutweighsTwoWhoDisagreeAndEachVoteShowsItsWeight() throws Exception {
        open(spec(3, ConsensusRule.WEIGHTED));
        // the accuracies the Scorer put on the request: the votes are weighed by them, not by what the job knows now
        h.processElement1(request("r1", 0).withAnnotatorAccuracy(Map.of("alice", 0.98, "bob", 0.80, "carol", 0.60)), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement2(label("r1", "ok", "carol"), 0);
        Decision d = h.extractOutputValues().get(0);
        assertEquals("fraud", d.decision(), "3.9 (alice) outweighs 1.4 + 0.4");
        assertEquals("alice", d.annotator());
        List<AuditEvent> v = audit(AuditType.CONSENSUS_VOTE);
        assertEquals(List.of("alice:majority", "bob:outvoted", "carol:outvoted"),
                v.stream().map(e -> e.annotator() + ":" + e.reason()).toList());
        // among the classes of the request's model version (two here)
        assertEquals(Math.log(0.98 / 0.02), v.get(0).voteWeight(), 1e-12);
        assertEquals(Math.log(0.80 / 0.20), v.get(1).voteWeight(), 1e-12);
        assertEquals(Math.log(0.60 / 0.40), v.get(2).voteWeight(), 1e-12);
        // the Learner still sees every vote
        assertEquals(List.of("fraud", "ok", "ok"), side(h, Tags.LABELED).get(0).voteList());
    }

    @Test
    void weightedWithoutEstimatesIsTheMajorityAndOtherRulesRecordNoWeight() throws Exception {
        open(spec(3, ConsensusRule.WEIGHTED));
        h.processElement1(request("r1", 0), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement2(label("r1", "ok", "carol"), 0);
        assertEquals("ok", h.extractOutputValues().get(0).decision());
        audit(AuditType.CONSENSUS_VOTE).forEach(e -> assertEquals(1.0, e.voteWeight()));
        h.close();

        open(spec(3, ConsensusRule.MAJORITY));
        h.processElement1(request("r1", 0).withAnnotatorAccuracy(Map.of("alice", 0.98)), 0);
        h.processElement2(label("r1", "fraud", "alice"), 0);
        h.processElement2(label("r1", "ok", "bob"), 0);
        h.processElement2(label("r1", "ok", "carol"), 0);
        assertEquals("ok", h.extractOutputValues().get(0).decision(), "majority ignores accuracies");
        audit(AuditType.CONSENSUS_VOTE).forEach(e -> assertNull(e.voteWeight()));
    }
}
