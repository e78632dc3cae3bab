package io.triage.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Small Kafka helpers for the benchmarks: a fast producer and committed-output followers. */
final class KafkaBits {
    private KafkaBits() {}

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Follows topics from the beginning as a read_committed consumer (no group) in a daemon thread and
     * hands every committed value to {@code sink}; {@link #count()} counts values matching {@code counted}.
     */
    static final class Follower implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final AtomicLong count = new AtomicLong();
        private final Thread thread;
        private volatile boolean stopped;

        Follower(String bootstrap, List<String> topics, Predicate<String> counted, Consumer<ConsumerRecord<String, String>> sink) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                    ConsumerConfig.CLIENT_ID_CONFIG, "bench-follower-" + UUID.randomUUID()),
                    new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo p : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                    parts.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            thread = new Thread(() -> {
                try {
                    while (!stopped) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            if (io.triage.codec.Heartbeats.is(r.value())) continue;
                            if (counted == null || counted.test(r.value())) count.incrementAndGet();
                            if (sink != null) sink.accept(r);
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // closing
                } finally {
                    consumer.close(Duration.ofSeconds(2));
                }
            }, "bench-follower");
            thread.setDaemon(true);
            thread.start();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            consumer.wakeup();
            thread.join(5000);
        }
    }
}
