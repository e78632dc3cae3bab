package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.review.Consensus;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier's check of consensus outcomes passes the job's trail and fails one the rule does not give. */
class ConsensusCheckTest {
    private static final JobSpec SPEC = SpecLoader.parse("""
            models:
              - id: m
                classes: [a, b]
                features: {x: numeric}
            review:
              consensus: {labels: {review: 3}, rule: weighted}
            """);
    private static final Map<String, Double> ACCURACY = Map.of("alice", 0.98, "bob", 0.80, "carol", 0.60);
    private static final List<String> TEAM = List.of("alice", "bob", "carol");

    private final Map<String, JsonNode> requests = new HashMap<>();
    private final List<JsonNode> votes = new ArrayList<>();

    /** r1: alice outweighs bob and carol; r2: no estimates yet, the majority decides; r3: expired on two votes. */
    ConsensusCheckTest() {
        item("r1", ACCURACY, TEAM, List.of("a", "b", "b"), "a");
        item("r2", null, TEAM, List.of("a", "b", "b"), "b");
        item("r3", ACCURACY, TEAM.subList(0, 2), List.of("a", "b"), null);
    }

    private void item(String id, Map<String, Double> accuracy, List<String> who, List<String> labels, String decided) {
        ReviewRequest r = new ReviewRequest(id, "m", 1, "{\"x\":1.0}", new int[] {0}, new double[] {1}, "a",
                new String[] {"a", "b"}, new double[] {0.6, 0.4}, 0.6, Route.REVIEW, 0.5, 100, 1, 1, 1.0, 1, null,
                null, null, accuracy);
        requests.put(id, tree(Json.write(r)));
        double[] w = Consensus.weights(r, who);
        for (int i = 0; i < who.size(); i++) {
            double weight = w[i];
            String why = decided == null ? "no-consensus" : decided.equals(labels.get(i)) ? "majority" : "outvoted";
            votes.add(tree(Json.write(AuditEvent.of(AuditType.CONSENSUS_VOTE, id, "m", 1, 1, 5)
                    .withRoute(Route.REVIEW, "a", 0.6).withLabel(labels.get(i), who.get(i)).because(why)
                    .with(b -> b.decision(decided).voteWeight(weight)))));
        }
    }

    private List<String> check() {
        List<String> problems = new ArrayList<>();
        long n = ConsensusCheck.check(SPEC.review().consensus(), votes, requests,
                new ReviewRequestDecoder(ReviewRequestDecoder.limits(SPEC), null), problems);
        assertEquals(3, n);
        return problems;
    }

    private ObjectNode vote(String id, String annotator) {
        return (ObjectNode) votes.stream().filter(v -> v.path("recordId").asText().equals(id)
                && v.path("annotator").asText().equals(annotator)).findFirst().orElseThrow();
    }

    @Test
    void theJobsTrailPasses() {
        assertEquals(List.of(), check());
        assertEquals(Math.log(49), vote("r1", "alice").path("voteWeight").asDouble(), 1e-12);
        assertEquals(1.0, vote("r2", "alice").path("voteWeight").asDouble(), 0.0);
    }

    @Test
    void aDecisionTheWeightsDoNotGiveIsCaught() {
        // r1 decided by the head count, as MAJORITY would
        for (JsonNode v : votes) if (v.path("recordId").asText().equals("r1")) ((ObjectNode) v).put("decision", "b");
        assertTrue(check().get(0).startsWith("1 consensus outcomes do not follow"), check().toString());
    }

    @Test
    void aWeightTheRequestDoesNotGiveIsCaught() {
        // carol weighed as much as alice: then b would win, and the decision a does not follow
        vote("r1", "carol").put("voteWeight", Math.log(49));
        assertTrue(check().get(0).contains("carol weighed"), check().toString());
    }

    @Test
    void aVoteWithoutItsWeightIsCaught() {
        vote("r1", "bob").remove("voteWeight");
        assertTrue(check().get(0).contains("without its weight"), check().toString());
    }

    @Test
    void accuraciesChangedOnTheRequestAreCaught() {
        ((ObjectNode) requests.get("r1").path("annotatorAccuracy")).put("alice", 0.6);
        assertTrue(check().get(0).contains("alice weighed"), check().toString());
    }

    @Test
    void anUndecidedItemWhoseVotesDecideIsCaught() {
        // r2's votes decide b: recorded as no consensus, the item was dropped
        for (JsonNode v : votes) if (v.path("recordId").asText().equals("r2")) ((ObjectNode) v).remove("decision");
        assertTrue(check().get(0).contains("though the votes"), check().toString());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
