package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LabeledRecord;
import io.triage.local.LocalFlink;
import io.triage.local.RecordIds;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.PolicySpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upgrade through a savepoint on a MiniCluster with a real broker: the job runs at parallelism 1 with
 * review requests still pending, is stopped with a savepoint, and a NEW job graph is started from it with a
 * changed policy (audit rate, target precision) at parallelism 2. The model, its thresholds and policy, the
 * pending reviews and the metrics totals must carry over: versions continue, pending reviews are joined when
 * their labels arrive after the upgrade, and every record is decided exactly once across both runs.
 *
 * <p>State schema evolution (what "a newer build of the job" may change): every state type is a Java record or
 * a POJO serialized by Flink's PojoSerializer (Java records since Flink 1.19 go through it too, built with
 * JavaRecordBuilderFactory). Its snapshot resolves compatibility field by field: fields added to a POJO or a
 * record restore with their default (null / 0 / false; records: the canonical constructor gets the default),
 * removed fields are dropped (COMPATIBLE_AFTER_MIGRATION); changing a field's type is only possible if the
 * field's own serializer allows it; renaming a field is remove + add; renaming or moving the class is not
 * supported (the snapshot names the class). Flink restores the state with the old serializer and rewrites
 * it with the new one.
 */
class SavepointUpgradeIT {
    private static final String PREFIX = "upgrade-";
    private static final int FIRST = 300;
    private static final int SECOND = 200;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    private static JobSpec spec() {
        return SpecLoader.parse("""
                name: upgrade
                checkpointIntervalMs: 1000
                metricsEvery: 100
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {targetPrecision: 0.9, auditRate: 0.05, minEvidence: 50, evidenceHalfLife: 3000,
                             reviewDeadlineMs: 600000}
                    drift: {detectors: []}
                """);
    }

    /** The upgraded job: a higher audit rate and a lower precision target. */
    private static JobSpec upgraded(JobSpec s) {
        return s.mapModels(m -> {
            // the margin follows the new target
            return m.withPolicy(m.policy().toBuilder().targetPrecision(0.85).auditRate(0.2).margin(null).build());
        });
    }

    /** Records the team never answers in the first run: their review requests are pending at the savepoint. */
    private static boolean held(String id) {
        return Long.parseLong(id.substring(3)) % 10 == 3 && Long.parseLong(id.substring(3)) < FIRST;
    }

    @Test
    void upgradeThroughASavepointKeepsModelPolicyAndPendingReviews(@TempDir Path checkpoints, @TempDir Path savepoints)
            throws Exception {
        long t0 = System.nanoTime();
        TopicsSpec topics = spec().kafka().topics().prefixed(PREFIX);
        JobSpec v1 = spec().withKafka(spec().kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        JobSpec v2 = upgraded(v1);
        kafka.createTopics(2, topics.all());

        Map<String, String> truth = new LinkedHashMap<>();
        List<String> records = new ArrayList<>();
        TransactionsGenerator gen = new TransactionsGenerator(41);
        for (int i = 0; i < FIRST + SECOND; i++) {
            LabeledRecord r = gen.next();
            truth.put(RecordIds.idOf(r.json()), r.truth());
            records.add(r.json());
        }

        try (KafkaProducer<String, String> producer = producer();
             LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics)) {
            // run 1: parallelism 1; the team answers all but the held requests
            JobClient job1 = start(v1, checkpoints, 1, null);
            String savepoint;
            Set<String> pending;
            try (ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                    ReviewTeam.Settings.of(3, 1.0, 5, 0.0, 5), id -> held(id) ? null : truth.get(id)).start()) {
                send(producer, topics, records.subList(0, FIRST));
                assertTrue(out.awaitUntil(() -> {
                    Set<String> scored = ids(out.audit("SCORED"));
                    Set<String> heldRequested = heldRequested(out);
                    return scored.size() == FIRST
                            && ids(out.decisions).size() == FIRST - heldRequested.size()
                            && out.models.size() == out.audit("LABELED").size();
                }, Duration.ofSeconds(60)), "run 1 settled: " + ids(out.audit("SCORED")).size() + " scored, "
                        + ids(out.decisions).size() + " decided, " + heldRequested(out).size() + " held");
            }
            pending = heldRequested(out);
            assertFalse(pending.isEmpty(), "review requests are pending at the savepoint");
            savepoint = job1.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            job1.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            out.poll();
            int modelsBefore = out.models.size();
            JsonNode lastOld = out.models.get(modelsBefore - 1);
            int decidedBefore = out.decisions.size();
            System.out.printf("upgrade: run 1 stopped with a savepoint after %.1f s: %d decided, %d pending, model v%d "
                            + "policy v%d threshold %.3f auditRate %.3f%n", (System.nanoTime() - t0) / 1e9, decidedBefore,
                    pending.size(), lastOld.path("version").asLong(), lastOld.path("policyVersion").asLong(),
                    lastOld.path("threshold").asDouble(), lastOld.path("auditRate").asDouble());

            // run 2: a new job graph from the savepoint, changed policy, parallelism 2
            JobClient job2 = start(v2, checkpoints, 2, savepoint);
            try (ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                    ReviewTeam.Settings.of(3, 1.0, 5, 0.0, 6), id -> isNew(id) ? truth.get(id) : null).start()) {
                // the labels of the reviews pending since before the upgrade arrive now
                for (String id : pending) {
                    String l = "{\"id\":\"" + id + "\",\"model\":\"fraud\",\"label\":\"" + truth.get(id)
                            + "\",\"annotator\":\"late-reviewer\",\"eventId\":\"late-" + id + "\"}";
                    producer.send(new ProducerRecord<>(topics.labels(), id, l));
                }
                send(producer, topics, records.subList(FIRST, FIRST + SECOND));
                // the last metrics window closes on the idle timer (5 s) and commits at the next checkpoint
                assertTrue(out.awaitUntil(() -> ids(out.decisions).size() == truth.size()
                                && out.models.size() == out.audit("LABELED").size()
                                && out.metrics.stream().anyMatch(m -> m.path("totalRecords").asLong() == truth.size()),
                                Duration.ofSeconds(60)),
                        "run 2: every record decided: " + ids(out.decisions).size() + " of " + truth.size());
                Thread.sleep(1500);
                out.poll();
            } finally {
                job2.cancel().get(30, TimeUnit.SECONDS);
            }

            // exactly one decision per record across both runs
            Map<String, Integer> perId = CommittedOutputs.countBy(out.decisions, "recordId");
            assertEquals(truth.keySet(), perId.keySet(), "every record decided");
            perId.forEach((id, n) -> assertEquals(1, n, "one decision for " + id));
            Map<String, Integer> scored = CommittedOutputs.countBy(out.audit("SCORED"), "recordId");
            scored.forEach((id, n) -> assertEquals(1, n, "scored once: " + id));

            // the pending reviews survived: joined after the upgrade with their late labels
            for (String id : pending) {
                JsonNode d = out.decisions.stream().filter(x -> id.equals(x.path("recordId").asText())).findFirst()
                        .orElseThrow();
                assertEquals("HUMAN", d.path("source").asText(), id + " decided by its label after the upgrade");
                assertEquals("late-reviewer", d.path("annotator").asText(), id + " joined with the late label");
            }
            assertTrue(out.audit("LABEL_REJECTED").isEmpty(), "no label rejected: " + out.audit("LABEL_REJECTED"));

            // the model continues: versions and labels applied go on from the savepoint, one per LABELED event
            for (int i = 0; i < out.models.size(); i++) {
                assertEquals(i + 1, out.models.get(i).path("version").asLong(), "model version log");
            }
            assertEquals(out.audit("LABELED").size(), out.models.size(), "each label applied exactly once");
            assertTrue(out.models.size() > modelsBefore, "the upgraded job learned");
            JsonNode firstNew = out.models.get(modelsBefore);
            assertEquals(lastOld.path("version").asLong() + 1, firstNew.path("version").asLong(), "version continues");
            assertEquals(lastOld.path("version").asLong(), firstNew.path("parentVersion").asLong(), "parent is the old head");
            assertEquals(lastOld.path("labelsApplied").asLong() + 1, firstNew.path("labelsApplied").asLong(),
                    "the learner state was restored, not restarted");

            // policy continues: policy versions never go back; the new audit rate takes over from the old one
            long policy = 0;
            for (JsonNode m : out.models) {
                assertTrue(m.path("policyVersion").asLong() >= policy, "policy version never goes back: " + m);
                policy = m.path("policyVersion").asLong();
            }
            assertTrue(firstNew.path("policyVersion").asLong() > lastOld.path("policyVersion").asLong(),
                    "the changed policy is a new policy version");
            double oldRate = lastOld.path("auditRate").asDouble();
            double newRate = firstNew.path("auditRate").asDouble();
            assertEquals(0.05, oldRate, 1e-9, "run 1 audit rate");
            assertTrue(newRate > oldRate && newRate <= 0.2, "audit rate moves from 0.05 toward 0.2: " + newRate);

            // the Scorers' broadcast state (model + thresholds) was restored on both new subtasks: no record of run 2
            // was scored by an older model than the one at the savepoint
            long oldHead = lastOld.path("version").asLong();
            for (JsonNode s : out.audit("SCORED")) {
                if (isNew(s.path("recordId").asText())) {
                    assertTrue(s.path("modelVersion").asLong() >= oldHead, "run 2 scored with a restored model: " + s);
                    assertTrue(s.path("policyVersion").asLong() >= lastOld.path("policyVersion").asLong(),
                            "run 2 routed with a restored policy: " + s);
                }
            }

            // metrics totals (POJO state) carried over
            JsonNode lastMetrics = out.metrics.get(out.metrics.size() - 1);
            long maxTotal = out.metrics.stream().mapToLong(m -> m.path("totalRecords").asLong()).max().orElse(0);
            assertEquals(FIRST + SECOND, maxTotal, "metrics totals continue across the upgrade: " + lastMetrics);

            JsonNode last = out.models.get(out.models.size() - 1);
            System.out.printf("upgrade: %d records, %d pending joined after restore, models v%d→v%d, policy v%d→v%d, "
                            + "auditRate %.4f→%.4f, threshold %.3f→%.3f; %.1f s%n", truth.size(), pending.size(),
                    oldHead, last.path("version").asLong(), lastOld.path("policyVersion").asLong(),
                    last.path("policyVersion").asLong(), oldRate, last.path("auditRate").asDouble(),
                    lastOld.path("threshold").asDouble(), last.path("threshold").asDouble(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static boolean isNew(String id) {
        return Long.parseLong(id.substring(3)) >= FIRST;
    }

    private static Set<String> heldRequested(LiveOutputs out) {
        Set<String> s = new HashSet<>();
        out.reviewRequests.forEach(r -> {
            String id = r.path("recordId").asText();
            if (held(id)) s.add(id);
        });
        return s;
    }

    /** The job on its own MiniCluster, optionally restored from a savepoint. */
    private static JobClient start(JobSpec spec, Path checkpoints, int parallelism, String savepoint) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints.resolve("p" + parallelism),
                parallelism, -1, savepoint);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), PREFIX + "job")).build(env);
        return env.executeAsync(PREFIX + "job");
    }

    private static void send(KafkaProducer<String, String> p, TopicsSpec t, List<String> records) throws Exception {
        for (String r : records) {
            p.send(new ProducerRecord<>(t.records(), RecordIds.idOf(r), r));
            Thread.sleep(5);
        }
        p.flush();
    }

    private static Set<String> ids(List<JsonNode> events) {
        Set<String> s = new HashSet<>();
        events.forEach(e -> s.add(e.path("recordId").asText()));
        return s;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, PREFIX + "producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }
}
