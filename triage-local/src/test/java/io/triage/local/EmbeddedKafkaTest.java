package io.triage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void committedTransactionsAreVisibleAndAbortedOnesAreNot() throws Exception {
        Path dataDir;
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dataDir = kafka.dataDir();
            port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
            kafka.createTopics(2, "in", "out");
            kafka.createTopics(2, "in"); // idempotent
            assertEquals(2, kafka.admin().describeTopics(List.of("in")).allTopicNames().get()
                .get("in").partitions().size());

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("out", "a", "committed-1"));
                producer.send(new ProducerRecord<>("out", "b", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("out", "a", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("out", "c", "committed-3"));
                producer.commitTransaction();
            }

            try (TopicTail tail = new TopicTail(kafka.bootstrapServers(), "out")) {
                List<String> seen = tail.pollAtLeast(3, Duration.ofSeconds(20));
                seen.addAll(tail.poll(Duration.ofMillis(500)));
                assertEquals(3, seen.size(), seen::toString);
                assertTrue(seen.containsAll(List.of("committed-1", "committed-2", "committed-3")));
                assertFalse(seen.contains("aborted"));
            }
        }
        // close deletes the temporary data dir and releases the port.
        assertFalse(Files.exists(dataDir));
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, s.getLocalPort());
        }
    }

    @Test
    void brokersStartOneAfterAnotherWithAGivenDirAndPort(@TempDir Path dir) throws Exception {
        int port = LocalPorts.free();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port)) {
            assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
            kafka.createTopics(1, "kept");
        }
        // A given data dir is kept, and a second broker reuses it: the topic is still there.
        assertTrue(Files.exists(dir.resolve("kafka")));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            assertTrue(kafka.admin().listTopics().names().get().contains("kept"));
        }
        EmbeddedKafka third = EmbeddedKafka.start();
        third.createTopics(1, "t");
        third.close();
        third.close(); // idempotent
        assertThrows(IllegalStateException.class, third::admin);
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000),
            new StringSerializer(), new StringSerializer());
    }
}
