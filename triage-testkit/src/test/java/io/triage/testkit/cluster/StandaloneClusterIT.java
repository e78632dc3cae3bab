package io.triage.testkit.cluster;

import io.triage.local.LocalPorts;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;
import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.local.EmbeddedKafka;
import io.triage.local.RecordIds;
import io.triage.local.RecordReplayer;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicTail;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.testkit.chaos.ExactlyOnceVerifier;
import io.triage.testhooks.FaultDirectory;
import io.triage.testhooks.FaultSwitch;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.TopicsSpec;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged job jar on a real standalone Flink session cluster: a JobManager and a TaskManager as
 * separate JVMs (classpath: Flink from Maven, without the project's classes or the Kafka connector, so
 * the job's code comes only from the uploaded jar), the project's conf/config.yaml (RocksDB, incremental
 * checkpoints to the filesystem) with dynamic properties over it, the jar uploaded and started through Flink's
 * REST client, a real broker in this JVM, a replayer and a simulated review team. Mid-stream an operator
 * failure is injected inside the TaskManager (through {@link FaultDirectory}, as {@code triage chaos --standalone} does) and then the
 * TaskManager is killed; the committed outputs must still be exactly once. Runs in failsafe's
 * integration-test phase, after `package`.
 *
 * <p>Logs, command lines and checkpoints stay in triage-testkit/target/standalone-cluster-it/.
 */
class StandaloneClusterIT {
    private static final int RECORDS = 1500;
    private static final double RATE = 200;
    private static final String PREFIX = "cl-";
    private static final long T0 = System.nanoTime();

    private static Path projectDir;
    private static Path jobJar;
    private static Path dir;
    private static StandaloneCluster cluster;
    private static EmbeddedKafka kafka;
    private static JobID jobId;
    /** First port of the Prometheus reporters' range (JobManager, TaskManager, its replacement). */
    private static int metricsPort;

    @BeforeAll
    static void startCluster() throws Exception {
        projectDir = Path.of(System.getProperty("triage.projectDir", System.getProperty("user.dir")));
        jobJar = Path.of(System.getProperty("triage.jobJar",
                projectDir.resolve("triage-job/target/triage-0.1.0-SNAPSHOT.jar").toString()));
        if (!Files.isRegularFile(jobJar)) {
            throw new IllegalStateException(jobJar + " is missing: run `mvn verify` (or `mvn -DskipTests package` first)");
        }
        dir = projectDir.resolve("triage-testkit/target/standalone-cluster-it");
        deleteRecursively(dir);
        Files.createDirectories(dir);

        CompletableFuture<EmbeddedKafka> broker = CompletableFuture.supplyAsync(EmbeddedKafka::start); // meanwhile
        metricsPort = LocalPorts.free();
        try {
            cluster = StandaloneCluster.start(projectDir.resolve("conf"), dir, Map.of(
                "metrics.reporter.prom.port", metricsPort + "-" + (metricsPort + 5),
                // smaller than conf/config.yaml's, so that broker, test, JM and TM share a small box
                "jobmanager.memory.process.size", "800m",
                "taskmanager.memory.process.size", "1280m",
                "execution.checkpointing.interval", "1 s",
                "restart-strategy.fixed-delay.delay", "1 s",
                // a killed TaskManager is noticed within seconds, not the default 50 s
                "heartbeat.interval", "2000",
                "heartbeat.timeout", "8000"));
        } catch (Exception e) {
            broker.thenAccept(EmbeddedKafka::close);
            throw e;
        }
        try {
            kafka = broker.join();
        } finally {
            if (kafka == null) broker.thenAccept(EmbeddedKafka::close); // cluster start failed
        }
        log("broker up at %s", kafka.bootstrapServers());
        ClusterOverviewWithVersion overview = cluster.rest().awaitTaskManagers(1, Duration.ofSeconds(120));
        log("cluster up: JM+TM pids %s, REST http://127.0.0.1:%d, %d slots, Flink %s", cluster.pids(),
                cluster.restPort(), overview.getNumSlotsTotal(), overview.getVersion());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null && jobId != null) {
                try {
                    cluster.rest().cancel(jobId, Duration.ofSeconds(15));
                } catch (Exception e) {
                    // the processes are stopped anyway
                }
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                    if (cluster.anyAlive()) throw new IllegalStateException("a cluster process survived: " + cluster.pids());
                }
            } finally {
                if (kafka != null) kafka.close();
            }
        }
        log("cluster stopped");
    }

    @Test
    void jobJarRunsOnTheSessionCluster() throws Exception {
        TopicsSpec topics = TopicsSpec.defaults().prefixed(PREFIX);
        kafka.createTopics(2, topics.all());
        Path spec = Files.writeString(dir.resolve("cluster-spec.yaml"), SpecLoader.toYaml(SPEC));
        FaultDirectory faults = new FaultDirectory(dir.resolve("faults"));

        try {
            String jarId = cluster.rest().uploadJar(jobJar);
            log("jar uploaded: %s", jarId);
            // `run` without --detached: env.execute() in the REST handler submits and returns (the web
            // submission runs the program detached), so the handler answers with the job id.
            jobId = cluster.rest().runJar(jarId, "io.triage.cli.Main", List.of(
                    "run", "--spec", spec.toString(),
                    "--kafka.bootstrap", kafka.bootstrapServers(),
                    "--kafka.topic-prefix", PREFIX,
                    "--kafka.group-id", PREFIX + "group",
                    "-K", "client.dns.lookup=use_all_dns_ips",
                    "--test-hook-dir", faults.dir().toString()), 2);
            cluster.rest().awaitRunning(jobId, Duration.ofSeconds(120));
            log("job %s running", jobId);
        } catch (Exception e) {
            throw new AssertionError("submission failed; logs:\n" + cluster.logTails(60), e);
        }

        RecordReplayer replayer = new RecordReplayer(kafka.bootstrapServers(), topics.records(),
                new TransactionsGenerator(21), RATE, RECORDS);
        long firstDecision = 0;
        try (replayer;
             ReviewTeam reviewers = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                     ReviewTeam.Settings.of(4, 1.0, 5, 0.0, 7), id -> replayer.truth().get(id)).start();
             TopicTail decisions = new TopicTail(kafka.bootstrapServers(), topics.decisions())) {
            Thread feeder = new Thread(replayer, "replayer");
            feeder.start();
            Set<String> decided = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); // generous: a shared 2-core box
            boolean killed = false;
            boolean failed = false;
            while (decided.size() < RECORDS && System.nanoTime() < deadline) {
                cluster.checkAlive();
                for (String d : decisions.poll(Duration.ofMillis(500))) decided.add(RecordIds.field(d, "recordId"));
                if (!failed && replayer.sent() >= RECORDS / 4) {
                    // an operator failure inside the TaskManager JVM, armed through the shared fault directory
                    failed = true;
                    assertTrue(faults.inject(FaultSwitch.Target.SCORER, Duration.ofSeconds(60)),
                            "the Scorer's hook in the TaskManager tripped the armed failure");
                    assertEquals(1, faults.tripped(), "exactly one subtask tripped it");
                    log("operator failure injected in front of the Scorer (fault directory) with %d records sent",
                            replayer.sent());
                }
                if (!killed && replayer.sent() >= RECORDS / 2) {
                    // mid-stream, the machine running the tasks dies: the job restarts from its last checkpoint
                    // on a new TaskManager, and the committed outputs must still be exactly once
                    killed = true;
                    log("killed TaskManager pid %d (SIGKILL) with %d of %d records sent; a new one starts",
                            cluster.killAndReplaceTaskManager(), replayer.sent(), RECORDS);
                }
                if (firstDecision == 0 && !decided.isEmpty()) {
                    firstDecision = System.nanoTime();
                    log("first committed decision");
                }
            }
            feeder.join(10_000);
            if (decided.size() < RECORDS) {
                throw new AssertionError("only " + decided.size() + " of " + RECORDS + " records decided (sent "
                        + replayer.sent() + ", reviewers answered " + reviewers.answered() + "); job "
                        + cluster.rest().jobState(jobId) + "; logs:\n" + cluster.logTails(40));
            }
            assertTrue(failed && killed, "an operator failure and a TaskManager kill were injected");
            log("all %d records decided (reviewers answered %d)", RECORDS, reviewers.answered());
        }

        // the job still runs on the cluster
        assertEquals(Optional.of(JobStatus.RUNNING), cluster.rest().jobState(jobId), "job state per GET /jobs/overview");
        CheckpointingStatistics checkpoints = cluster.rest().checkpoints(jobId);
        long completed = checkpoints.getCounts().getNumberCompletedCheckpoints();
        CheckpointStatistics.CompletedCheckpointStatistics latest = checkpoints.getLatestCheckpoints().getCompletedCheckpointStatistics();
        log("checkpoints completed: %d, latest %s", completed, latest == null ? "-" : latest.getExternalPath());

        String bs = kafka.bootstrapServers();
        List<JsonNode> decisions = readCommitted(bs, topics.decisions());
        List<JsonNode> scoredEvents = readCommitted(bs, topics.audit()).stream()
                .filter(a -> "SCORED".equals(a.path("type").asText())).toList();
        List<JsonNode> models = readCommitted(bs, topics.models());
        List<JsonNode> deadLetters = readCommitted(bs, topics.deadLetter());
        Map<String, Integer> perRecord = countBy(decisions, "recordId");
        assertEquals(RECORDS, perRecord.size(), "every record decided");
        assertTrue(perRecord.values().stream().allMatch(c -> c == 1), "no record decided twice");
        Map<String, Integer> scored = countBy(scoredEvents, "recordId");
        assertEquals(RECORDS, scored.size(), "every record has a SCORED event");
        assertTrue(scored.values().stream().allMatch(c -> c == 1), "no record scored twice");
        Map<String, Integer> sources = countBy(decisions, "source");
        log("committed outputs read: decisions by source %s, %d model versions published", sources, models.size());
        assertTrue(sources.getOrDefault("HUMAN", 0) > 0, "some decisions were made by the review team");
        assertFalse(models.isEmpty(), "models published");
        assertTrue(completed > 0, "checkpoints completed on the cluster (RocksDB, filesystem storage)");
        assertTrue(deadLetters.isEmpty(), "no dead letters: " + deadLetters);
        // the whole exactly-once check across the TaskManager crash: outcomes, labels applied once, every
        // version reproducible, every automated decision replayable
        JobSpec jobSpec = SPEC.withKafka(SPEC.kafka().withBootstrap(bs).withTopics(topics));
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(jobSpec, CommittedOutputs.read(bs, topics));
        log("exactly-once after an operator failure and a TaskManager kill:%n%s", report.table());
        assertTrue(report.ok(), report.table());

        assertGaugesMatchTheLastCommittedModelsEvent(models);

        Optional<JobStatus> state = cluster.rest().cancel(jobId, Duration.ofSeconds(30));
        assertEquals(Optional.of(JobStatus.CANCELED), state, "job cancelled through PATCH /jobs/:id?mode=cancel");
        jobId = null;
        log("job cancelled");
    }

    /**
     * The per-model gauges reach Flink's Prometheus reporter: scraped over HTTP from the TaskManager's
     * {@code /metrics}, they carry the values of the last committed {@code models} event (the stream is over and
     * its last checkpoint committed, so the job's latest values are the committed ones).
     */
    private static void assertGaugesMatchTheLastCommittedModelsEvent(List<JsonNode> models) throws Exception {
        JsonNode last = models.stream().max(java.util.Comparator.comparingLong(m -> m.path("version").asLong())).orElseThrow();
        String model = last.path("model").asText();
        Map<String, Double> expected = new java.util.LinkedHashMap<>();
        expected.put("labelsApplied", last.path("labelsApplied").asDouble());
        expected.put("modelVersion", last.path("version").asDouble());
        expected.put("servingVersion", last.path("servingVersion").asDouble());
        expected.put("epoch", last.path("epoch").asDouble());
        expected.put("targetPrecision", SPEC.model(model).orElseThrow().policy().targetPrecision());
        expected.put("reviewAlarm", 0.0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Double> seen = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Double> now = scrapeGauges(http, model);
            seen = now;
            if (expected.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())))) break;
            Thread.sleep(1000);
        }
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), seen.get(e.getKey()), "gauge " + e.getKey() + " of model " + model
                    + " as in the last committed models event (scraped: " + seen + ")");
        }
        assertTrue(seen.containsKey("records") && seen.get("records") > 0, "records gauge: " + seen);
        assertTrue(seen.getOrDefault("reviewLatencyMs_count", 0.0) > 0, "review latency histogram: " + seen);
        assertTrue(seen.getOrDefault("labelToServingMs_count", 0.0) > 0, "label to serving histogram: " + seen);
        assertTrue(seen.keySet().stream().anyMatch(k -> k.startsWith("route_")), "records per route: " + seen);
        log("Prometheus /metrics of model %s: %s", model, seen);
    }

    /** The triage_model_* samples of one model from every reporter port that answers. */
    private static Map<String, Double> scrapeGauges(HttpClient http, String model) {
        Map<String, Double> out = new java.util.TreeMap<>();
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "^flink_taskmanager_job_task_operator_triage_model_(\\w+)\\{([^}]*)\\}\\s+(\\S+)$");
        for (int port = metricsPort; port <= metricsPort + 5; port++) {
            String body;
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                continue; // nobody on this port of the range
            }
            for (String line : body.split("\n")) {
                java.util.regex.Matcher m = sample.matcher(line);
                if (m.matches() && m.group(2).contains("model=\"" + model + "\"")) {
                    out.put(m.group(1), Double.parseDouble(m.group(3)));
                }
            }
        }
        return out;
    }

    /** The end-to-end fraud job shared with TriageLoopIT ({@code triage-testkit/src/test/resources/jobs/loop-fraud.yaml}). */
    private static final JobSpec SPEC = SpecLoader.loadNamed("loop-fraud");

    /** Everything committed on a topic (read_committed, from the beginning up to the end offsets). */
    private static List<JsonNode> readCommitted(String bootstrap, String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions); // the last stable offsets
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) throw new AssertionError("cannot read " + topic + " to " + end);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (!io.triage.codec.Heartbeats.is(r.value())) out.add(Json.MAPPER.readTree(r.value()));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> countBy(List<JsonNode> events, String field) {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode e : events) m.merge(e.path(field).asText(), 1, Integer::sum);
        return m;
    }

    private static void log(String fmt, Object... args) {
        System.out.printf("[cluster-it %5.1fs] %s%n", (System.nanoTime() - T0) / 1e9, String.format(fmt, args));
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
