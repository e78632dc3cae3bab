package io.triage.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning as a read_committed consumer without a group
 * (partitions assigned by hand, no offsets committed), so it sees only committed transactions.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;

    public TopicTail(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.CLIENT_ID_CONFIG, "topic-tail-" + UUID.randomUUID()),
            new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalArgumentException("No such topic: " + topic);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The values of one poll (the job's heartbeats left out); empty if nothing committed arrived within {@code timeout}. */
    public List<String> poll(Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
            if (!io.triage.codec.Heartbeats.is(r.value())) values.add(r.value()); // the job's own, for its event time
        }
        return values;
    }

    /**
     * Everything committed on the topic: polls until the position on every partition has reached its end
     * offset (for a read_committed consumer, the last stable offset) as of this call. Unlike "until the polls
     * come back empty", a slow fetch (e.g. right after a broker restart) cannot cut the read short.
     */
    public List<String> readToEnd(Duration timeout) {
        Set<TopicPartition> parts = consumer.assignment();
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic not read to its end within " + timeout + ": " + end);
            }
            values.addAll(poll(Duration.ofMillis(500)));
        }
        return values;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) return false;
        }
        return true;
    }

    /** Polls until at least {@code count} values arrived or {@code timeout} passed; returns what it got. */
    public List<String> pollAtLeast(int count, Duration timeout) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            values.addAll(poll(Duration.ofMillis(200)));
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
