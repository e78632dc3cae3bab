package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.local.TopicTail;
import io.triage.spec.TopicsSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything committed on the job's topics, read read_committed from the beginning. */
public final class CommittedOutputs {
    public final List<JsonNode> records;
    public final List<JsonNode> decisions;
    public final List<JsonNode> reviewRequests;
    public final List<JsonNode> audit;
    public final List<JsonNode> models;
    public final List<JsonNode> metrics;
    public final List<JsonNode> deadLetter;

    /** Outputs given directly (tests of the verifier). */
    public CommittedOutputs(List<JsonNode> records, List<JsonNode> decisions, List<JsonNode> reviewRequests,
                            List<JsonNode> audit, List<JsonNode> models, List<JsonNode> metrics, List<JsonNode> deadLetter) {
        this.records = records;
        this.decisions = decisions;
        this.reviewRequests = reviewRequests;
        this.audit = audit;
        this.models = models;
        this.metrics = metrics;
        this.deadLetter = deadLetter;
    }

    private CommittedOutputs(String bootstrap, TopicsSpec t) {
        records = readAll(bootstrap, t.records());
        decisions = readAll(bootstrap, t.decisions());
        reviewRequests = readAll(bootstrap, t.reviewRequests());
        audit = readAll(bootstrap, t.audit());
        models = readAll(bootstrap, t.models());
        metrics = readAll(bootstrap, t.metrics());
        deadLetter = readAll(bootstrap, t.deadLetter());
    }

    public static CommittedOutputs read(String bootstrap, TopicsSpec topics) {
        return new CommittedOutputs(bootstrap, topics);
    }

    /** Everything committed on a topic, read to its end offsets. */
    public static List<JsonNode> readAll(String bootstrap, String topic) {
        List<JsonNode> out = new ArrayList<>();
        try (TopicTail tail = new TopicTail(bootstrap, topic)) {
            for (String s : tail.readToEnd(Duration.ofMinutes(5))) out.add(Json.MAPPER.readTree(s));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + topic, e);
        }
        return out;
    }

    public List<JsonNode> audit(String type) {
        return audit.stream().filter(a -> type.equals(a.path("type").asText())).toList();
    }

    public static Map<String, Integer> countBy(List<JsonNode> events, String field) {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode e : events) m.merge(e.path(field).asText(), 1, Integer::sum);
        return m;
    }
}
