package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.review.Consensus;
import io.triage.spec.ConsensusRule;
import io.triage.spec.ConsensusSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every consensus item's outcome follows from its votes on the trail: the CONSENSUS_VOTE events of a record name
 * one decision (null: none), which the rule gives on those votes — for WEIGHTED with the weight each event records,
 * and each recorded weight is the one the annotator accuracies on the committed request give. The votes are tallied
 * all together: a decision ends the voting, so the last tally is the one over every vote, whatever order the audit
 * topic's partitions read them in.
 */
final class ConsensusCheck {
    /** Recorded weights are JSON round trips of doubles: exact, with a margin for another writer's formatting. */
    private static final double SAME = 1e-12;

    private ConsensusCheck() {}

    /**
     * @param requests the committed review requests by record id
     * @return consensus items checked
     */
    static long check(ConsensusSpec consensus, List<JsonNode> votes, Map<String, JsonNode> requests,
                      ReviewRequestDecoder decoder, List<String> problems) {
        Map<String, List<JsonNode>> byItem = new LinkedHashMap<>();
        for (JsonNode v : votes) {
            byItem.computeIfAbsent(v.path("model").asText() + "/" + v.path("recordId").asText(), k -> new ArrayList<>()).add(v);
        }
        long wrong = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byItem.entrySet()) {
            String why = problem(consensus, e.getValue(), requests, decoder);
            if (why != null) {
                wrong++;
                if (examples.size() < 3) examples.add(e.getKey() + ": " + why);
            }
        }
        if (wrong > 0) problems.add(wrong + " consensus outcomes do not follow from their votes " + examples);
        return byItem.size();
    }

    private static String problem(ConsensusSpec consensus, List<JsonNode> item, Map<String, JsonNode> requests,
                                  ReviewRequestDecoder decoder) {
        JsonNode first = item.get(0);
        String model = first.path("model").asText();
        String decided = first.path("decision").isTextual() ? first.path("decision").asText() : null;
        Route route;
        try {
            route = Route.valueOf(first.path("route").asText());
        } catch (IllegalArgumentException ex) {
            return "no route";
        }
        ConsensusRule rule = consensus.rule(model);
        int k = consensus.labelsNeeded(model, route);
        List<String> annotators = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double[] recorded = new double[item.size()];
        for (int i = 0; i < item.size(); i++) {
            JsonNode v = item.get(i);
            String d = v.path("decision").isTextual() ? v.path("decision").asText() : null;
            if (!Objects.equals(decided, d)) return "votes name different decisions";
            annotators.add(v.path("annotator").asText());
            labels.add(v.path("label").asText());
            if (rule == ConsensusRule.WEIGHTED && !v.path("voteWeight").isNumber()) return "a vote without its weight";
            recorded[i] = v.path("voteWeight").asDouble(1.0);
        }
        if (annotators.stream().distinct().count() != annotators.size()) return "two votes by one annotator";
        if (rule == ConsensusRule.WEIGHTED) {
            JsonNode req = requests.get(first.path("recordId").asText());
            if (req == null) return "no committed request";
            double[] expected;
            try {
                ReviewRequest r = decoder.decode(req.toString());
                expected = Consensus.weights(r, annotators);
            } catch (Exception ex) {
                return "the request does not read back: " + ex.getMessage();
            }
            for (int i = 0; i < expected.length; i++) {
                if (Math.abs(expected[i] - recorded[i]) > SAME) {
                    return annotators.get(i) + " weighed " + recorded[i] + ", the request's accuracies give " + expected[i];
                }
            }
        }
        Consensus.Tally t = Consensus.tally(labels, rule == ConsensusRule.WEIGHTED ? recorded : null, k, rule);
        if (decided != null && (t.outcome() != Consensus.Outcome.DECIDED || !decided.equals(t.label()))) {
            return "decided " + decided + ", the votes " + labels + " give " + t;
        }
        if (decided == null && t.outcome() == Consensus.Outcome.DECIDED) {
            return "no decision, though the votes " + labels + " decide " + t.label();
        }
        return null;
    }
}
