package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers who contest decisions, for the demo: follows the committed decisions and appeals a share of them
 * (chosen by a hash of the record id and the seed, so a run repeats), as a case system would.
 */
public final class DemoAppellant implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final TopicFollower decisions;
    private final String appealsTopic;
    private final double share;
    private final long seed;
    private final AtomicLong sent = new AtomicLong();
    private final java.util.function.Consumer<String> onSent;

    public DemoAppellant(String bootstrap, String decisionsTopic, String appealsTopic, double share, long seed) {
        this(bootstrap, decisionsTopic, appealsTopic, share, seed, id -> { });
    }

    /** @param onSent told each appeal id the broker acknowledged (a test's log of what it sent) */
    public DemoAppellant(String bootstrap, String decisionsTopic, String appealsTopic, double share, long seed,
                         java.util.function.Consumer<String> onSent) {
        this.onSent = onSent;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        this.appealsTopic = appealsTopic;
        this.share = share;
        this.seed = seed;
        this.decisions = new TopicFollower(bootstrap, decisionsTopic, this::onDecision);
    }

    /** Whether the record's decision is appealed: a uniform draw in [0, 1) from the id and the seed. */
    static boolean chosen(String recordId, long seed, double share) {
        long h = (recordId.hashCode() * 0x9E3779B97F4A7C15L) ^ (seed * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53 < share;
    }

    private void onDecision(String v) {
        JsonNode d = RecordIds.tree(v);
        // an amended decision, or an abstention, is not contested again here
        if (d.hasNonNull("supersedes") || !d.hasNonNull("decision")) return;
        String id = d.path("recordId").asText();
        if (!chosen(id, seed, share)) return;
        String appeal = Json.MAPPER.createObjectNode().put("appealId", "demo-" + id).put("model", d.path("model").asText())
                .put("recordId", id).put("reason", "the customer contests the " + d.path("source").asText().toLowerCase()
                        + " decision '" + d.path("decision").asText() + "'").put("appellant", "demo-customer").toString();
        String appealId = "demo-" + id;
        producer.send(new ProducerRecord<>(appealsTopic, id, appeal), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
                onSent.accept(appealId);
            }
        });
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        decisions.close();
        producer.close(Duration.ofSeconds(5));
    }
}
