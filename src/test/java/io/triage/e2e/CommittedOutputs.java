package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.io.Json;
import io.triage.local.TopicTail;
import io.triage.spec.TopicsSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything committed on the output topics, read read_committed from the beginning. */
final class CommittedOutputs {
    final List<JsonNode> decisions;
    final List<JsonNode> reviewRequests;
    final List<JsonNode> audit;
    final List<JsonNode> models;
    final List<JsonNode> metrics;
    final List<JsonNode> deadLetter;

    private CommittedOutputs(String bootstrap, TopicsSpec t) {
        decisions = readAll(bootstrap, t.decisions());
        reviewRequests = readAll(bootstrap, t.reviewRequests());
        audit = readAll(bootstrap, t.audit());
        models = readAll(bootstrap, t.models());
        metrics = readAll(bootstrap, t.metrics());
        deadLetter = readAll(bootstrap, t.deadLetter());
    }

    static CommittedOutputs read(String bootstrap, TopicsSpec topics) {
        return new CommittedOutputs(bootstrap, topics);
    }

    /** Reads until two consecutive empty polls. */
    static List<JsonNode> readAll(String bootstrap, String topic) {
        List<JsonNode> out = new ArrayList<>();
        try (TopicTail tail = new TopicTail(bootstrap, topic)) {
            int empty = 0;
            while (empty < 2) {
                List<String> batch = tail.poll(Duration.ofMillis(1500));
                empty = batch.isEmpty() ? empty + 1 : 0;
                for (String s : batch) out.add(Json.MAPPER.readTree(s));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    List<JsonNode> audit(String type) {
        return audit.stream().filter(a -> type.equals(a.path("type").asText())).toList();
    }

    static Map<String, Integer> countBy(List<JsonNode> events, String field) {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode e : events) m.merge(e.path(field).asText(), 1, Integer::sum);
        return m;
    }
}
