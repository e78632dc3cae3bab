package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.cli.Main;
import io.triage.kafka.FreshStartGuard;
import io.triage.kafka.TransactionClashGuard;
import io.triage.local.EmbeddedKafka;
import io.triage.spec.JobSpec;
import io.triage.spec.KafkaSpec;
import io.triage.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Starts that would lose or double decisions are refused, against a real broker. */
class StartGuardsIT {
    private static final String PREFIX = "freshstart-";

    @Test
    void aStartWithoutStateOverDecisionsIsRefusedUnlessToldOrRestoring() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        JobSpec base = SpecLoader.loadNamed("fraud");
        KafkaSpec k = base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(base.kafka().topics().prefixed(PREFIX));
        assertEquals(0, FreshStartGuard.decisionsWritten(k), "no decisions topic yet");
        assertTrue(FreshStartGuard.refusal(k, Optional.empty(), false, 0).isEmpty(), "a first start goes ahead");

        kafka.createTopics(2, k.topics().decisions());
        try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) p.send(new ProducerRecord<>(k.topics().decisions(), "r" + i, "{}")).get();
        }
        long written = FreshStartGuard.decisionsWritten(k);
        assertEquals(3, written);
        assertTrue(FreshStartGuard.refusal(k, Optional.empty(), false, written).orElseThrow()
                .contains("already holds 3 messages"));
        assertTrue(FreshStartGuard.refusal(k, Optional.of("file:///sp/savepoint-1"), false, written).isEmpty());
        assertTrue(FreshStartGuard.refusal(k, Optional.empty(), true, written).isEmpty());

        // the production command refuses before it builds anything
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        int code;
        try {
            code = new CommandLine(new Main()).execute("run", "--spec", "fraud", "--kafka.bootstrap",
                    kafka.bootstrapServers(), "--kafka.topic-prefix", PREFIX);
        } finally {
            System.setErr(err);
        }
        assertEquals(3, code, captured.toString());
        assertTrue(captured.toString().contains("refusing to start"), captured.toString());
    }

    @Test
    void aSecondLiveWriterWithTheSameTransactionalIdsIsFound() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        KafkaSpec k = SpecLoader.loadNamed("fraud").kafka().withBootstrap(kafka.bootstrapServers())
                .withTopics(SpecLoader.loadNamed("fraud").kafka().topics().prefixed("clash-"));
        kafka.createTopics(1, k.topics().decisions());
        String prefix = k.transactionalIdPrefix("fraud", k.topics().decisions());
        assertTrue(TransactionClashGuard.clash(k, prefix, java.time.Duration.ofMillis(300)).isEmpty(), "nobody writes");

        // another deployment of the same job: a transaction per "checkpoint", as a KafkaSink does
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread other = new Thread(() -> {
            try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "transactional.id", prefix + "-0-7"), new StringSerializer(), new StringSerializer())) {
                p.initTransactions();
                while (!stop.get()) {
                    p.beginTransaction();
                    p.send(new ProducerRecord<>(k.topics().decisions(), "x", "{}"));
                    Thread.sleep(400);
                    p.commitTransaction();
                }
            } catch (Exception e) {
                e.printStackTrace(System.out);
                throw new IllegalStateException(e);
            }
        });
        other.start();
        try {
            Thread.sleep(1_000);
            Optional<String> clash = TransactionClashGuard.clash(k, prefix, java.time.Duration.ofMillis(1_500));
            assertTrue(clash.orElse("").startsWith("another job is writing with transactional ids"), clash.toString());
            // a job with its own prefix is not in the way
            assertTrue(TransactionClashGuard.clash(k, "blue-" + k.topics().decisions(),
                    java.time.Duration.ofMillis(1_000)).isEmpty());
        } finally {
            stop.set(true);
            other.join();
        }
    }
}
