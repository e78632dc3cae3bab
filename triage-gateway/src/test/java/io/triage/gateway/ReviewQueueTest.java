package io.triage.gateway;

import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewQueueTest {
    private static final long LEASE = 1_000;

    private static ReviewRequest request(String id, double priority, long deadline) {
        return new ReviewRequest(id, "fraud", 0, "{}", new int[0], new double[0], "ok", new String[] {"fraud", "ok"},
                new double[] {0.4, 0.6}, 0.6, Route.REVIEW, priority, deadline, 1, 1, 1.0, 100, null);
    }

    private static List<String> ids(List<ReviewQueue.Claim> claims) {
        return claims.stream().map(c -> c.request().recordId()).toList();
    }

    @Test
    void mostUrgentFirstThenEarliestDeadline() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("low", 0.1, 10_000));
        q.offer(request("high-late", 0.9, 20_000));
        q.offer(request("high-soon", 0.9, 15_000));
        assertEquals(List.of("high-soon", "high-late", "low"), ids(q.claim("alice", null, 10, 0)));
    }

    @Test
    void aLeasedItemGoesToNobodyElseUntilItsLeaseEnds() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        q.offer(request("b", 0.4, 100_000));
        assertEquals(List.of("a"), ids(q.claim("alice", null, 1, 0)));
        assertEquals(List.of("b"), ids(q.claim("bob", null, 5, 10)), "bob never gets alice's item");
        assertEquals(List.of("a"), ids(q.claim("alice", null, 5, 20)), "alice gets hers back, first");
        assertEquals(ReviewQueue.Standing.LEASED_TO_OTHER, q.standing("bob", "fraud", "a", 500));
        assertEquals(ReviewQueue.Standing.LEASED_TO_YOU, q.standing("alice", "fraud", "a", 500));
        // alice's lease of a ended at 1,020 and bob's of b at 1,010: each may take the other's now
        List<String> later = ids(q.claim("bob", null, 5, 2_000));
        assertTrue(later.contains("a") && later.contains("b"), later.toString());
        assertEquals(ReviewQueue.Standing.LEASED_TO_OTHER, q.standing("alice", "fraud", "a", 2_001));
    }

    @Test
    void labeledOrDecidedItemsLeaveAndNeverComeBack() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        q.offer(request("b", 0.5, 100_000));
        q.labeled("fraud", "a", "bob", "ok");
        q.decided("fraud", "c"); // decided before its request was read (the topics are read in any order)
        q.offer(request("c", 0.9, 100_000));
        q.offer(request("a", 0.9, 100_000)); // a replayed request of a labeled record
        assertEquals(List.of("b"), ids(q.claim("alice", null, 10, 0)));
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("alice", "fraud", "a", 0));
        assertEquals(ReviewQueue.Standing.UNKNOWN, q.standing("alice", "fraud", "zzz", 0));
    }

    @Test
    void anItemWhoseLabelsDisagreeGoesBackToSomeoneOutsideTheDispute() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        q.labeled("fraud", "a", "alice", "fraud"); // e.g. through Argilla
        assertEquals(List.of(), ids(q.claim("carol", null, 10, 0)), "labeled once: nobody needs it");
        q.labeled("fraud", "a", "bob", "ok");      // e.g. straight to Kafka, before the job decided
        assertEquals(List.of(), ids(q.claim("alice", null, 10, 0)), "a party to the dispute cannot settle it");
        assertEquals(List.of(), ids(q.claim("bob", null, 10, 0)));
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("bob", "fraud", "a", 0));
        assertEquals(ReviewQueue.Standing.NOT_LEASED, q.standing("carol", "fraud", "a", 0));
        assertEquals(List.of("a"), ids(q.claim("carol", null, 10, 0)), "a third reviewer adjudicates");
        assertEquals(1, q.backlog(0).get("fraud").waiting());
        q.labeled("fraud", "a", "carol", "ok");
        q.decided("fraud", "a");
        assertEquals(List.of(), ids(q.claim("dave", null, 10, 0)));
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("dave", "fraud", "a", 0));
    }

    @Test
    void anAppealGoesToEveryoneButTheContestedDecisionsAnnotatorAndAnOlderLabelIsNotItsAnswer() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        q.labeled("fraud", "a", "alice", "fraud", 50);
        q.decided("fraud", "a");
        ReviewRequest r = request("a", 1.0, 200_000);
        ReviewRequest appeal = new ReviewRequest(r.recordId(), r.model(), r.ts(), r.features(), r.indices(), r.values(),
                r.predicted(), r.classes(), r.scores(), r.confidence(), io.triage.event.Route.APPEAL, 1.0, 200_000,
                1, 1, 1.0, 1_000, null, new io.triage.event.AppealContext("ap-1", "why", null, "fraud",
                io.triage.event.DecisionSource.HUMAN, "alice", 60));
        q.offer(appeal);
        // alice's first label read again (a restarted gateway reads the topics from the start) is not the answer
        q.labeled("fraud", "a", "alice", "fraud", 50);
        assertEquals(List.of(), ids(q.claim("alice", null, 10, 2_000)), "not to the decision's annotator");
        assertEquals(ReviewQueue.Standing.YOUR_DECISION, q.standing("alice", "fraud", "a", 2_000));
        assertEquals(List.of("a"), ids(q.claim("bob", null, 10, 2_000)));
        assertEquals(io.triage.event.Route.APPEAL, q.request("fraud", "a").orElseThrow().reason());
        q.labeled("fraud", "a", "bob", "ok", 2_500);
        assertEquals(List.of(), ids(q.claim("carol", null, 10, 3_000)), "answered");
        q.decided("fraud", "a", "ap-1"); // the amended decision
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("carol", "fraud", "a", 3_000));
    }

    @Test
    void agreeingLabelsNeverReopenAnItem() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.labeled("fraud", "a", "alice", "fraud"); // read before its request (the topics are read in any order)
        q.offer(request("a", 0.5, 100_000));
        q.labeled("fraud", "a", "bob", "fraud");
        assertEquals(List.of(), ids(q.claim("carol", null, 10, 0)));
        assertEquals(0, q.backlog(0).getOrDefault("fraud", new ReviewQueue.ModelBacklog(0, 0, 0)).waiting());
    }

    @Test
    void expiredRequestsAndSkippedItemsAreNotOffered() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("old", 0.9, 50));
        q.offer(request("a", 0.5, 100_000));
        assertEquals(List.of("a"), ids(q.claim("alice", null, 10, 100)), "past its deadline: the job expires it");
        assertTrue(q.skip("alice", "fraud", "a"));
        assertEquals(List.of(), ids(q.claim("alice", null, 10, 200)), "not offered again to who skipped it");
        assertEquals(List.of("a"), ids(q.claim("bob", null, 10, 200)), "but free for others at once");
        assertEquals(1, q.backlog(200).get("fraud").waiting());
        assertEquals(1, q.backlog(200).get("fraud").leased());
    }

    @Test
    void filtersByModel() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        assertEquals(List.of(), ids(q.claim("alice", "spam", 10, 0)));
        assertEquals(List.of("a"), ids(q.claim("alice", "fraud", 10, 0)));
    }

    /** What a labeling tool should hold: items before their deadline, not labeled unless their labels disagree. */
    @Test
    void theOpenItemsAreThoseSomeoneCouldStillBeOffered() {
        ReviewQueue q = new ReviewQueue(LEASE);
        q.offer(request("a", 0.5, 100_000));
        q.offer(request("b", 0.5, 100_000));
        q.offer(request("c", 0.5, 5_000));
        q.offer(request("d", 0.5, 100_000));
        q.labeled("fraud", "a", "alice", "ok");
        q.labeled("fraud", "b", "alice", "ok");
        q.labeled("fraud", "b", "bob", "fraud");
        q.decided("fraud", "d");
        assertEquals(java.util.Set.of("b", "c"), ids(q.openItems(0)));
        assertEquals(java.util.Set.of("b"), ids(q.openItems(5_000)), "c passed its deadline");
    }

    /** Three labels per review, two per audit: the queue as the job's {@code review.consensus} asks. */
    private static ReviewQueue consensusQueue() {
        return new ReviewQueue(LEASE, new io.triage.spec.ConsensusSpec(java.util.Map.of("review", 3, "audit", 2),
                io.triage.spec.ConsensusRule.MAJORITY, null));
    }

    @Test
    void anItemNeedingThreeLabelsIsLeasedToThreeReviewersAtOnceAndNoMore() {
        ReviewQueue q = consensusQueue();
        q.offer(request("a", 0.5, 100_000));
        assertEquals(List.of("a"), ids(q.claim("alice", null, 10, 0)));
        assertEquals(List.of("a"), ids(q.claim("alice", null, 10, 1)), "alice's lease, not a second one");
        assertEquals(List.of("a"), ids(q.claim("bob", null, 10, 2)));
        assertEquals(ReviewQueue.Standing.NOT_LEASED, q.standing("carol", "fraud", "a", 3), "a third place is free");
        assertEquals(List.of("a"), ids(q.claim("carol", null, 10, 3)));
        assertEquals(List.of(), ids(q.claim("dave", null, 10, 4)), "three reviewers hold it");
        assertEquals(ReviewQueue.Standing.LEASED_TO_OTHER, q.standing("dave", "fraud", "a", 4));
        assertEquals(ReviewQueue.Standing.LEASED_TO_YOU, q.standing("bob", "fraud", "a", 4));
        assertEquals(1, q.backlog(4).get("fraud").leased(), "one item, leased");

        q.labeled("fraud", "a", "alice", "fraud");
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("alice", "fraud", "a", 5));
        assertEquals(List.of(), ids(q.claim("alice", null, 10, 5)), "never again to who labeled it");
        assertEquals(List.of(), ids(q.claim("dave", null, 10, 5)), "two labels missing, two reviewers on it");
        assertTrue(q.skip("carol", "fraud", "a"));
        assertEquals(List.of("a"), ids(q.claim("dave", null, 10, 6)), "carol's place");
        assertEquals(java.util.Set.of("a"), ids(q.openItems(6)));

        q.labeled("fraud", "a", "bob", "fraud");
        q.labeled("fraud", "a", "dave", "ok");
        assertEquals(List.of(), ids(q.claim("erin", null, 10, 7)), "two of three agree: decided by majority");
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("erin", "fraud", "a", 7));
        assertEquals(java.util.Set.of(), ids(q.openItems(7)));
    }

    @Test
    void aTallyWithoutMajorityAsksOneMoreReviewerAtATime() {
        ReviewQueue q = consensusQueue();
        q.offer(request("a", 0.5, 100_000));
        q.labeled("fraud", "a", "alice", "fraud");
        q.labeled("fraud", "a", "bob", "ok");
        q.labeled("fraud", "a", "carol", "ok");   // 2 of 3: decided
        assertEquals(List.of(), ids(q.claim("dave", null, 10, 0)));

        ReviewQueue u = new ReviewQueue(LEASE, new io.triage.spec.ConsensusSpec(java.util.Map.of("review", 2),
                io.triage.spec.ConsensusRule.MAJORITY, null));
        u.offer(request("b", 0.5, 100_000));
        u.labeled("fraud", "b", "alice", "fraud");
        u.labeled("fraud", "b", "bob", "ok");      // 1–1: one more, up to 2 + 2
        assertEquals(List.of("b"), ids(u.claim("carol", null, 10, 0)));
        assertEquals(List.of(), ids(u.claim("dave", null, 10, 0)), "one escalation at a time");
        u.labeled("fraud", "b", "carol", "ok");    // 2–1 of 3: a strict majority decides
        assertEquals(List.of(), ids(u.claim("dave", null, 10, 1)));
    }

    /** Weighted votes decide as the job tallies them: by the accuracies on the request. */
    @Test
    void aWeightedTallyDecidesByTheAccuraciesTheRequestCarries() {
        ReviewQueue q = new ReviewQueue(LEASE, new io.triage.spec.ConsensusSpec(java.util.Map.of("review", 2),
                io.triage.spec.ConsensusRule.WEIGHTED, null));
        q.offer(request("a", 0.5, 100_000).withAnnotatorAccuracy(java.util.Map.of("alice", 0.98, "bob", 0.6)));
        q.offer(request("b", 0.5, 100_000)); // no estimates yet: as the majority
        for (String id : List.of("a", "b")) {
            q.labeled("fraud", id, "alice", "fraud");
            q.labeled("fraud", id, "bob", "ok");
        }
        assertEquals(List.of("b"), ids(q.claim("carol", null, 10, 0)), "a: alice (3.9) outweighs bob (0.4)");
    }

    @Test
    void anItemLeavesTheConsensusQueueOnceDecidedOrPastItsDeadline() {
        ReviewQueue q = consensusQueue();
        q.offer(request("a", 0.5, 100_000));
        q.offer(request("b", 0.5, 1_000));
        assertEquals(List.of("a", "b"), ids(q.claim("alice", null, 10, 0)).stream().sorted().toList());
        q.decided("fraud", "a"); // e.g. expired without consensus
        assertEquals(List.of(), ids(q.claim("bob", null, 10, 1_000)), "a decided, b past its deadline");
        assertEquals(ReviewQueue.Standing.LABELED, q.standing("bob", "fraud", "a", 1_000));
    }

    private static java.util.Set<String> ids(java.util.Map<String, ReviewRequest> open) {
        java.util.Set<String> out = new java.util.HashSet<>();
        open.values().forEach(r -> out.add(r.recordId()));
        return out;
    }
}
