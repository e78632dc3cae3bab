package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Late ground truth, for the demo: follows the committed decisions and, for a share of the records (chosen by a
 * hash of the id and the seed, so a run repeats), sends the record's true class to {@code outcomes} some time
 * after its decision — as a chargeback feed or a lab system would, weeks later in life, seconds later here.
 */
public final class DemoOutcomes implements AutoCloseable {
    /** Mixed into the seed so that the records given an outcome are not the ones appealed. */
    private static final long SALT = 0x5DEECE66DL;
    private final KafkaProducer<String, String> producer;
    private final TopicFollower decisions;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-outcomes");
        t.setDaemon(true);
        return t;
    });
    private final String outcomesTopic;
    private final double share;
    private final long seed;
    private final long delayMs;
    private final Function<String, String> truth;
    private final AtomicLong sent = new AtomicLong();
    private final java.util.function.BiConsumer<String, String> onSent;

    /**
     * @param truth   the true class of a record id (null: unknown, nothing is sent)
     * @param delayMs how long after its decision a record's truth is observed
     */
    public DemoOutcomes(String bootstrap, String decisionsTopic, String outcomesTopic, double share, long seed,
                        long delayMs, Function<String, String> truth) {
        this(bootstrap, decisionsTopic, outcomesTopic, share, seed, delayMs, truth, (id, label) -> { });
    }

    /** @param onSent told each record id and true class whose outcome the broker acknowledged (a test's log) */
    public DemoOutcomes(String bootstrap, String decisionsTopic, String outcomesTopic, double share, long seed,
                        long delayMs, Function<String, String> truth,
                        java.util.function.BiConsumer<String, String> onSent) {
        this.onSent = onSent;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        this.outcomesTopic = outcomesTopic;
        this.share = share;
        this.seed = seed ^ SALT;
        this.delayMs = delayMs;
        this.truth = truth;
        this.decisions = new TopicFollower(bootstrap, decisionsTopic, this::onDecision);
    }

    private void onDecision(String v) {
        JsonNode d = RecordIds.tree(v);
        if (d.hasNonNull("supersedes")) return; // the truth is about the record, observed once
        String id = d.path("recordId").asText();
        if (!DemoAppellant.chosen(id, seed, share)) return;
        String t = truth.apply(id);
        if (t == null) return;
        String outcome = Json.MAPPER.createObjectNode().put("outcomeId", "demo-" + id).put("model", d.path("model").asText())
                .put("recordId", id).put("label", t).put("source", "demo-ground-truth").toString();
        later.schedule(() -> producer.send(new ProducerRecord<>(outcomesTopic, id, outcome), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
                onSent.accept(id, t);
            }
        }), delayMs, TimeUnit.MILLISECONDS);
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        decisions.close();
        later.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
