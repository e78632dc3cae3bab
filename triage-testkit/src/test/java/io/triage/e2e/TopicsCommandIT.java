package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.cli.Main;
import io.triage.local.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `triage topics create` against a real broker: creates the planned topics, then reports and never alters them. */
class TopicsCommandIT {
    private static final String PREFIX = "tc-";

    private record Result(int code, String out) {}

    private static Result topicsCreate(EmbeddedKafka kafka) {
        PrintStream before = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int code = new CommandLine(new Main()).execute("topics", "create", "--spec", "fraud",
                    "--kafka.bootstrap", kafka.bootstrapServers(), "--kafka.topic-prefix", PREFIX,
                    "--partitions", "3", "--replication-factor", "1");
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    private static String config(EmbeddedKafka kafka, String topic, String key) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = kafka.admin().describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
        return c.get(key).value();
    }

    @Test
    void createsThePlannedTopicsThenReportsDifferencesWithoutAlteringThem() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        Result first = topicsCreate(kafka);
        assertEquals(0, first.code(), first.out());
        assertEquals(10, first.out().lines().filter(l -> l.endsWith("created")).count(), first.out());
        assertEquals(3, kafka.admin().describeTopics(List.of(PREFIX + "decisions")).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(PREFIX + "decisions").partitions().size());
        assertEquals("-1", config(kafka, PREFIX + "decisions", "retention.ms"), "the audit trail is kept forever");
        assertEquals("-1", config(kafka, PREFIX + "audit", "retention.ms"));
        assertEquals("604800000", config(kafka, PREFIX + "metrics", "retention.ms"));
        assertEquals("2592000000", config(kafka, PREFIX + "records", "retention.ms"));
        assertEquals("1", config(kafka, PREFIX + "labels", "min.insync.replicas"));

        Result again = topicsCreate(kafka);
        assertEquals(0, again.code(), again.out());
        assertEquals(10, again.out().lines().filter(l -> l.endsWith("exists, as planned")).count(), again.out());

        // someone shortened the audit trail's retention: reported, exit code 1, and left as it is
        ConfigResource audit = new ConfigResource(ConfigResource.Type.TOPIC, PREFIX + "audit");
        kafka.admin().incrementalAlterConfigs(Map.of(audit, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        // the controller acknowledges the change before the broker applies it: wait until the broker describes it
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"86400000".equals(config(kafka, PREFIX + "audit", "retention.ms")) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        Result drifted = topicsCreate(kafka);
        assertEquals(1, drifted.code(), drifted.out());
        assertTrue(drifted.out().contains("retention.ms=86400000 (planned -1)"), drifted.out());
        assertEquals("86400000", config(kafka, PREFIX + "audit", "retention.ms"), "an existing topic is never altered");
    }
}
