package io.triage.e2e;

import io.triage.local.LocalPorts;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.RecordIds;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that wants credentials (SASL/PLAIN), given them only as Kafka client properties
 * resolved by Kafka's FileConfigProvider from a file — as deployed, where the file is a mounted Secret and the
 * program arguments name only the file.
 */
class SaslListenerIT {
    @Test
    void theJobReadsAndWritesThroughASaslListenerWithCredentialsFromAFile(@TempDir Path dir) throws Exception {
        int port = LocalPorts.free();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0, null,
                new EmbeddedKafka.SaslPlain(port, Map.of("triage", "s3cret")))) {
            Path credentials = Files.writeString(dir.resolve("client.properties"), "sasl.jaas.config="
                    + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"triage\" "
                    + "password=\"s3cret\";\n");
            JobSpec base = SpecLoader.loadNamed("fraud");
            TopicsSpec topics = base.kafka().topics().prefixed("sasl-");
            // what `run -K …` would pass: no secret among them
            JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.saslBootstrapServers()).withTopics(topics)
                    .withGroupId("sasl-group")
                    .withProperty("security.protocol", "SASL_PLAINTEXT")
                    .withProperty("sasl.mechanism", "PLAIN")
                    .withProperty("config.providers", "file")
                    .withProperty("config.providers.file.class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider")
                    .withProperty("sasl.jaas.config", "${file:" + credentials + ":sasl.jaas.config}"));
            spec = io.triage.local.LocalKeys.provision(spec, dir, java.util.List.of("alice")).spec();
            kafka.createTopics(2, topics.all());

            // the listener really wants the password
            try (Admin wrong = Admin.create(Map.of("bootstrap.servers", kafka.saslBootstrapServers(),
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"triage\" "
                            + "password=\"guess\";"))) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> wrong.listTopics().names().get(20, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException, e.toString());
            }

            StreamExecutionEnvironment env = LocalFlink.environment(spec, dir.resolve("cp"), 1, -1);
            new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), "sasl-job")).build(env);
            JobClient job = env.executeAsync("sasl-job");
            Set<String> sent = new HashSet<>();
            try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer());
                 LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics)) {
                TransactionsGenerator gen = new TransactionsGenerator(3);
                for (int i = 0; i < 30; i++) {
                    String json = gen.next().json();
                    sent.add(RecordIds.idOf(json));
                    p.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(json), json));
                }
                p.flush();
                // every record was read through the SASL listener and its review request written back through it
                assertTrue(out.awaitUntil(() -> ids(out).containsAll(sent), Duration.ofSeconds(60)),
                        "review requests committed for " + ids(out).size() + " of " + sent.size());
            } finally {
                LocalFlink.cancel(job);
            }
        }
    }

    private static Set<String> ids(LiveOutputs out) {
        Set<String> s = new HashSet<>();
        out.reviewRequests.forEach(r -> s.add(r.path("recordId").asText()));
        return s;
    }
}
