package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.local.TopicTail;
import io.triage.spec.TopicsSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The committed (read_committed) output topics of a running job, read incrementally: tests poll until a
 * condition over everything committed so far holds, instead of waiting a fixed time.
 */
final class LiveOutputs implements AutoCloseable {
    final List<JsonNode> decisions = new ArrayList<>();
    final List<JsonNode> reviewRequests = new ArrayList<>();
    final List<JsonNode> audit = new ArrayList<>();
    final List<JsonNode> models = new ArrayList<>();
    final List<JsonNode> metrics = new ArrayList<>();
    final List<JsonNode> deadLetter = new ArrayList<>();
    private final List<TopicTail> tails = new ArrayList<>();
    private final List<List<JsonNode>> sinks = new ArrayList<>();

    LiveOutputs(String bootstrap, TopicsSpec t) {
        add(bootstrap, t.decisions(), decisions);
        add(bootstrap, t.reviewRequests(), reviewRequests);
        add(bootstrap, t.audit(), audit);
        add(bootstrap, t.models(), models);
        add(bootstrap, t.metrics(), metrics);
        add(bootstrap, t.deadLetter(), deadLetter);
    }

    private void add(String bootstrap, String topic, List<JsonNode> into) {
        tails.add(new TopicTail(bootstrap, topic));
        sinks.add(into);
    }

    /** Reads what was committed since the last call. */
    LiveOutputs poll() {
        for (int i = 0; i < tails.size(); i++) {
            for (String s : tails.get(i).poll(Duration.ofMillis(50))) {
                try {
                    sinks.get(i).add(Json.MAPPER.readTree(s));
                } catch (Exception e) {
                    throw new AssertionError("an output is not JSON: " + s, e);
                }
            }
        }
        return this;
    }

    /** Polls until {@code done} holds; false if it did not within {@code timeout}. */
    boolean awaitUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
            if (done.getAsBoolean()) return true;
            Thread.sleep(200);
        }
        poll();
        return done.getAsBoolean();
    }

    List<JsonNode> audit(String type) {
        return audit.stream().filter(a -> type.equals(a.path("type").asText())).toList();
    }

    @Override
    public void close() {
        tails.forEach(TopicTail::close);
    }
}
