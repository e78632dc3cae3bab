package io.triage.gateway;

import io.triage.codec.LabelEncoder;
import io.triage.event.Label;
import io.triage.security.KeyRing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Writes reviewers' labels to the {@code labels} topic, signed with each reviewer's key, and appeals to the
 * {@code appeals} topic, and returns only once the broker has them (idempotent producer, all replicas): a reviewer
 * who sees "saved" has a label the job will read, a client told "written" an appeal it will.
 */
public final class LabelWriter implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String appealsTopic;
    private final KeyRing keys;

    public LabelWriter(String bootstrap, Map<String, String> clientProperties, String topic, KeyRing keys) {
        this(bootstrap, clientProperties, topic, null, keys);
    }

    /** @param appealsTopic where {@link #writeAppeal} writes; null: nowhere */
    public LabelWriter(String bootstrap, Map<String, String> clientProperties, String topic, String appealsTopic,
                       KeyRing keys) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.appealsTopic = appealsTopic;
        this.keys = keys;
    }

    /** Writes an appeal, keyed by record id; blocks until the broker acknowledged it. */
    public void writeAppeal(io.triage.event.Appeal a) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode n = io.triage.codec.Json.MAPPER.createObjectNode()
                .put("appealId", a.appealId()).put("model", a.model()).put("recordId", a.recordId())
                .put("reason", a.reason()).put("appellant", a.appellant()).put("ts", a.ts());
        producer.send(new ProducerRecord<>(appealsTopic, a.recordId(), n.toString()))
                .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether labels of {@code annotator} can be signed (the keys file holds her key). */
    public boolean canSign(String annotator) {
        return keys.annotatorKey(annotator) != null;
    }

    /** Writes the label, keyed by record id like every labels message; blocks until the broker acknowledged it. */
    public void write(Label l) throws Exception {
        String json = LabelEncoder.encode(l, keys.annotatorKey(l.annotator())).toString();
        producer.send(new ProducerRecord<>(topic, l.id(), json)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
