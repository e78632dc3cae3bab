package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LabeledRecord;
import io.triage.local.LocalFlink;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.local.RecordIds;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile-input corpus against a running job (MiniCluster + real broker): malformed, mistyped, non-finite,
 * oversized, deeply nested and incomplete records, and malformed, unknown, unauthorised, duplicate,
 * conflicting, late and mismatched labels, mixed into a normal stream that a review team labels. Every bad
 * input must end precisely classified (dead-letter + INPUT_REJECTED, or LABEL_REJECTED with its reason),
 * counted in the metrics, never crash the job, never change the model, and never disturb the good records.
 */
class BadInputIT {
    private static final String PREFIX = "badinput-";
    private static final int GOOD = 200;
    /** Good records sent a second time after they were decided. */
    private static final int RESENT = 5;
    /** Early (cold-start, hence reviewed) records nobody on the team answers: they expire; labels target them. */
    private static final List<String> HELD = List.of("tx-3", "tx-5", "tx-7", "tx-9");
    private static final Set<String> MODELS = Set.of("fraud", "churn");
    /** A churn record two reviewers label differently before the job reads its request. */
    private static final String DISPUTED = "dispute-1";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    static JobSpec spec() {
        return SpecLoader.parse("""
                name: badinput
                checkpointIntervalMs: 1000
                metricsEvery: 100
                maxRecordBytes: 4096
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {targetPrecision: 0.9, auditRate: 0.05, minEvidence: 50, reviewDeadlineMs: 8000}
                  - id: churn
                    classes: [stay, leave]
                    features: {tenure: numeric}
                review:
                  annotators: [alice, bob, carol, dan]
                  orphanLabelWaitMs: 2000
                """);
    }

    /** A hostile message and the reason code it must be rejected with. */
    record Bad(String raw, String reason) {}

    private static String deep(int depth) {
        return "{\"id\":\"bad-deep\",\"model\":\"fraud\",\"features\":{\"amount\":1.0,\"x\":"
                + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}}";
    }

    static List<Bad> hostileRecords() {
        String ok = "\"model\":\"fraud\",\"features\":{\"amount\":12.5,\"country\":\"DE\"}";
        List<Bad> b = new ArrayList<>();
        b.add(new Bad("{\"id\":\"bad-json\",\"model\":\"fraud\",\"features\":{\"amount\":", "invalid-json"));
        b.add(new Bad("{\"id\":\"bad-trail\"," + ok + "} trailing garbage", "invalid-json"));
        b.add(new Bad("{\"id\":\"bad-trail2\"," + ok + "}{\"id\":\"x\"}", "invalid-json"));
        b.add(new Bad("{\"id\":42," + ok + "}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-feat-array\",\"model\":\"fraud\",\"features\":[1,2,3]}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-feat-string\",\"model\":\"fraud\",\"features\":\"amount=1\"}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-nested\",\"model\":\"fraud\",\"features\":{\"amount\":{\"value\":1}}}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-arrayval\",\"model\":\"fraud\",\"features\":{\"amount\":[1,2]}}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-nan\",\"model\":\"fraud\",\"features\":{\"amount\":NaN}}", "invalid-json"));
        b.add(new Bad("{\"id\":\"bad-inf\",\"model\":\"fraud\",\"features\":{\"amount\":Infinity}}", "invalid-json"));
        b.add(new Bad("{\"id\":\"bad-ninf\",\"model\":\"fraud\",\"features\":{\"amount\":-Infinity}}", "invalid-json"));
        b.add(new Bad("{\"id\":\"bad-nan-str\",\"model\":\"fraud\",\"features\":{\"amount\":\"NaN\"}}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-inf-str\",\"model\":\"fraud\",\"features\":{\"amount\":\"Infinity\"}}", "wrong-type"));
        b.add(new Bad("{\"id\":\"bad-overflow\",\"model\":\"fraud\",\"features\":{\"amount\":1e400}}", "non-finite-feature"));
        b.add(new Bad("{\"id\":\"bad-overflow2\",\"model\":\"fraud\",\"features\":{\"other\":-1e400}}", "non-finite-feature"));
        b.add(new Bad("{\"id\":\"bad-huge\",\"model\":\"fraud\",\"features\":{\"memo\":\"" + "x".repeat(5000) + "\"}}",
                "too-large"));
        b.add(new Bad(deep(50), "too-deep"));
        b.add(new Bad("{" + ok + "}", "missing-id"));
        b.add(new Bad("{\"id\":\"   \"," + ok + "}", "missing-id"));
        b.add(new Bad("{\"id\":\"" + "i".repeat(300) + "\"," + ok + "}", "too-long"));
        b.add(new Bad("{\"id\":\"bad-nofeat\",\"model\":\"fraud\"}", "missing-features"));
        b.add(new Bad("{\"id\":\"bad-nullfeat\",\"model\":\"fraud\",\"features\":null}", "missing-features"));
        b.add(new Bad("{\"id\":\"bad-emptyfeat\",\"model\":\"fraud\",\"features\":{}}", "missing-features"));
        b.add(new Bad("{\"id\":\"bad-model\",\"model\":\"nope\",\"features\":{\"amount\":1.0}}", "unknown-model"));
        b.add(new Bad("{\"id\":\"bad-nomodel\",\"features\":{\"amount\":1.0}}", "missing-model"));
        b.add(new Bad("{\"id\":\"bad-ts\",\"ts\":\"yesterday\"," + ok + "}", "bad-timestamp"));
        b.add(new Bad("[1,2,3]", "not-an-object"));
        b.add(new Bad("null", "not-an-object"));
        b.add(new Bad("", "empty"));
        b.add(new Bad("   ", "empty"));
        b.add(new Bad(null, "empty")); // a Kafka tombstone (null value)
        return b;
    }

    static final List<Bad> MALFORMED_LABELS = List.of(
            new Bad("{\"id\":\"tx-1\",\"label\":", "invalid-json"),
            new Bad("{\"id\":\"tx-1\",\"model\":\"fraud\",\"label\":1,\"annotator\":\"alice\"}", "wrong-type"),
            new Bad("42", "not-an-object"),
            new Bad("{\"id\":\"tx-1\",\"model\":\"fraud\",\"label\":\"fraud\"}", "missing-annotator"),
            new Bad("{\"id\":\"tx-1\",\"label\":\"fraud\",\"annotator\":\"alice\",\"ts\":\"yesterday\"}", "bad-timestamp"),
            new Bad("", "empty"),
            new Bad(null, "empty"));

    /**
     * Forged review requests (issue 10): written to the read-back topic by someone other than the job, each followed
     * by a label for it. Joined, the first would crash-loop the Learner (an index outside the model's 3 + 2^10
     * features) and the others poison its evidence (a weight of 10^9, a null value); they must be dead letters.
     */
    private static final List<Bad> FORGED_REQUESTS = List.of(
            new Bad(forged("forged-index", "[0,99999]", "[1.0,1.0]", "REVIEW", 1.0), "invalid-review-request"),
            new Bad(forged("forged-weight", "[0,5]", "[1.0,1.0]", "AUDIT", 1e9), "invalid-review-request"),
            new Bad(forged("forged-null", "[0,5]", "[null,1.0]", "REVIEW", 1.0), "invalid-review-request"),
            new Bad(forged("forged-auto", "[0,5]", "[1.0,1.0]", "AUTO", 1.0), "invalid-review-request"));

    private static String forged(String id, String indices, String values, String reason, double weight) {
        return "{\"recordId\":\"" + id + "\",\"model\":\"fraud\",\"ts\":1,\"features\":\"{}\",\"indices\":" + indices
                + ",\"values\":" + values + ",\"predicted\":\"fraud\",\"classes\":[\"fraud\",\"legit\"],"
                + "\"scores\":[0.5,0.5],\"confidence\":0.5,\"reason\":\"" + reason + "\",\"priority\":1.0,"
                + "\"deadline\":9999999999999,\"modelVersion\":1,\"policyVersion\":1,\"labelWeight\":" + weight
                + ",\"requestedAt\":1}";
    }

    private static String label(String id, String model, String label, String annotator) {
        return "{\"id\":\"" + id + "\"" + (model == null ? "" : ",\"model\":\"" + model + "\"") + ",\"label\":\""
                + label + "\",\"annotator\":\"" + annotator + "\",\"eventId\":\"hostile-" + id + "-" + annotator + "\"}";
    }

    @Test
    void hostileInputIsRejectedPreciselyAndNeverHurtsTheJob(@TempDir Path checkpoints) throws Exception {
        long t0 = System.nanoTime();
        TopicsSpec topics = spec().kafka().topics().prefixed(PREFIX);
        JobSpec base = spec();
        JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        kafka.createTopics(2, topics.all());

        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints, 2, -1);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), PREFIX + "job")).build(env);
        JobClient job = env.executeAsync(PREFIX + "job");

        // good records, with their truth for the team; HELD ones are never answered by the team
        Map<String, String> truth = new LinkedHashMap<>();
        List<String> good = new ArrayList<>();
        TransactionsGenerator gen = new TransactionsGenerator(31);
        for (int i = 0; i < GOOD; i++) {
            LabeledRecord r = gen.next();
            truth.put(RecordIds.idOf(r.json()), r.truth());
            good.add(r.json());
        }
        List<Bad> badRecords = hostileRecords();
        List<String> rejected = new ArrayList<>(); // expected LABEL_REJECTED, as "recordId|reason"
        // labels naming no model: with two models in the job they cannot be joined, and are dead-lettered
        List<String> noModel = new ArrayList<>();

        try (KafkaProducer<String, String> producer = producer();
             LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics);
             ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                     ReviewTeam.Settings.of(4, 1.0, 5, 0.0, 3), id -> HELD.contains(id) ? null : truth.get(id)).start()) {
            // 1. the record corpus, mixed into the good stream
            int next = 0;
            for (int i = 0; i < GOOD; i++) {
                producer.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(good.get(i)), good.get(i)));
                if (i % 6 == 5 && next < badRecords.size()) {
                    producer.send(new ProducerRecord<>(topics.records(), null, badRecords.get(next++).raw()));
                }
                Thread.sleep(10);
            }
            while (next < badRecords.size()) producer.send(new ProducerRecord<>(topics.records(), null, badRecords.get(next++).raw()));
            producer.flush();

            // 2. labels while the HELD requests are pending
            assertTrue(out.awaitUntil(() -> ids(out.reviewRequests, "recordId").containsAll(HELD), Duration.ofSeconds(30)),
                    "the held records were sent to review");
            // another model's tx-3 is another record, which was never requested
            sendLabel(producer, topics, label("tx-3", "churn", "stay", "alice"), rejected, "tx-3|unknown-record-id");
            sendLabel(producer, topics, label("tx-5", "fraud", "maybe", "bob"), rejected, "tx-5|unknown-class");
            sendNoModel(producer, topics, label("tx-5", null, "maybe", "carol"), noModel);
            sendLabel(producer, topics, label("tx-7", "fraud", "fraud", "mallory"), rejected, "tx-7|annotator-not-allowed");
            sendLabel(producer, topics, label("tx-9", "nope", "fraud", "alice"), rejected, "tx-9|unknown-model");
            producer.flush();

            // 2b. two reviewers disagree before the job read the request (churn has no labels: it reviews all):
            // neither label decides, a party cannot settle it by voting again, a third reviewer does
            sendLabel(producer, topics, label(DISPUTED, "churn", "stay", "alice"), rejected, DISPUTED + "|disputed");
            sendLabel(producer, topics, label(DISPUTED, "churn", "leave", "bob"), rejected, DISPUTED + "|disputed");
            producer.flush();
            producer.send(new ProducerRecord<>(topics.records(), DISPUTED,
                    "{\"id\":\"" + DISPUTED + "\",\"model\":\"churn\",\"features\":{\"tenure\":12}}"));
            producer.flush();
            assertTrue(out.awaitUntil(() -> out.audit("LABEL_REJECTED").stream().filter(a ->
                            DISPUTED.equals(a.path("recordId").asText())).count() == 2, Duration.ofSeconds(30)),
                    "both disagreeing labels refused as disputed: " + out.audit("LABEL_REJECTED"));
            assertTrue(out.decisions.stream().noneMatch(d -> DISPUTED.equals(d.path("recordId").asText())),
                    "a dispute decides nothing");
            producer.send(new ProducerRecord<>(topics.labels(), DISPUTED,
                    label(DISPUTED, "churn", "stay", "bob").replace("hostile-", "revote-")));
            rejected.add(DISPUTED + "|party-to-dispute");
            producer.send(new ProducerRecord<>(topics.labels(), DISPUTED, label(DISPUTED, "churn", "leave", "carol")));
            producer.flush();

            // 3. every good record decided (the held ones by expiry)
            assertTrue(out.awaitUntil(() -> ids(out.decisions, "recordId").containsAll(truth.keySet()),
                    Duration.ofSeconds(60)), "every good record decided: " + ids(out.decisions, "recordId").size());
            System.out.printf("badinput: good records decided after %.1f s%n", (System.nanoTime() - t0) / 1e9);

            assertTrue(out.awaitUntil(() -> out.decisions.stream().anyMatch(d -> DISPUTED.equals(d.path("recordId").asText())),
                    Duration.ofSeconds(30)), "the adjudicated record decided");
            JsonNode adjudicated = out.decisions.stream().filter(d -> DISPUTED.equals(d.path("recordId").asText()))
                    .findFirst().orElseThrow();
            assertEquals("HUMAN", adjudicated.path("source").asText());
            assertEquals("leave", adjudicated.path("decision").asText());
            assertEquals("carol", adjudicated.path("annotator").asText(), "the adjudicator decides, not the first label");

            // 4. labels after the decisions: late, duplicate, conflicting, unknown ids, and malformed ones
            Map<String, JsonNode> decided = new HashMap<>();
            out.decisions.forEach(d -> decided.put(d.path("recordId").asText(), d));
            List<JsonNode> human = out.decisions.stream().filter(d -> "HUMAN".equals(d.path("source").asText())).toList();
            assertTrue(human.size() >= 3, "the team labeled some records");
            JsonNode d1 = human.get(0), d2 = human.get(1), d3 = human.get(2);
            String other2 = "fraud".equals(d2.path("decision").asText()) ? "legit" : "fraud";
            sendLabel(producer, topics, label("tx-9", "fraud", "legit", "carol"), rejected, "tx-9|late-after-expiry");
            sendNoModel(producer, topics, label("tx-3", null, "fraud", "dan"), noModel);
            sendLabel(producer, topics, label(d1.path("recordId").asText(), "fraud", d1.path("decision").asText(),
                    d1.path("annotator").asText()), rejected, d1.path("recordId").asText() + "|duplicate");
            sendNoModel(producer, topics, label(d1.path("recordId").asText(), null, d1.path("decision").asText(), "bob"),
                    noModel);
            // by someone other than who decided it: their own change would be a correction, not a conflict
            String notTheDecider = "alice".equals(d2.path("annotator").asText()) ? "bob" : "alice";
            sendLabel(producer, topics, label(d2.path("recordId").asText(), "fraud", other2, notTheDecider),
                    rejected, d2.path("recordId").asText() + "|conflicting-label");
            sendLabel(producer, topics, label(d3.path("recordId").asText(), "nope", "fraud", "alice"),
                    rejected, d3.path("recordId").asText() + "|unknown-model");
            sendLabel(producer, topics, label(d3.path("recordId").asText(), "fraud", "fraud", "eve"),
                    rejected, d3.path("recordId").asText() + "|annotator-not-allowed");
            sendNoModel(producer, topics, label("ghost-1", null, "fraud", "alice"), noModel);
            sendLabel(producer, topics, label("ghost-2", "fraud", "legit", "bob"), rejected, "ghost-2|unknown-record-id");
            sendLabel(producer, topics, label("ghost-3", "fraud", "maybe", "bob"), rejected, "ghost-3|unknown-class");
            // a rejected record has no review request: its label must not be joined
            sendLabel(producer, topics, label("bad-model", "fraud", "fraud", "alice"), rejected, "bad-model|unknown-record-id");
            // an automated decision has no review request either
            out.decisions.stream().filter(d -> "AUTO".equals(d.path("source").asText())).findFirst().ifPresent(a ->
                    sendLabel(producer, topics, label(a.path("recordId").asText(), "fraud", "fraud", "alice"),
                            rejected, a.path("recordId").asText() + "|unknown-record-id"));
            for (Bad b : MALFORMED_LABELS) producer.send(new ProducerRecord<>(topics.labels(), null, b.raw()));
            // an at-least-once producer resending records already decided (AUTO or HUMAN): decided once only
            List<String> resent = good.subList(0, RESENT);
            for (String r : resent) producer.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(r), r));
            for (Bad b : FORGED_REQUESTS) {
                String id = RecordIds.field(b.raw(), "recordId");
                producer.send(new ProducerRecord<>(topics.reviewRequests(), id, b.raw()));
                // no request was accepted, so the label waits as an orphan and is then rejected
                sendLabel(producer, topics, label(id, "fraud", "fraud", "alice"), rejected, id + "|unknown-record-id");
            }
            producer.flush();

            // 5. wait until every rejection is committed and the metrics report them
            List<String> expectedDead = new ArrayList<>();
            badRecords.forEach(b -> expectedDead.add("records|" + b.reason() + "|" + (b.raw() == null ? "" : b.raw())));
            MALFORMED_LABELS.forEach(b -> expectedDead.add("labels|" + b.reason() + "|" + (b.raw() == null ? "" : b.raw())));
            noModel.forEach(raw -> expectedDead.add("labels|missing-model|" + raw));
            FORGED_REQUESTS.forEach(b -> expectedDead.add("review-requests|" + b.reason() + "|" + b.raw()));
            boolean settled = out.awaitUntil(() -> out.deadLetter.size() >= expectedDead.size()
                    && out.audit("LABEL_REJECTED").size() >= rejected.size()
                    && out.audit("INPUT_REJECTED").size() >= expectedDead.size() + RESENT
                    && metricsAgreeWithAudit(out).isEmpty(), Duration.ofSeconds(45));
            Thread.sleep(1500); // anything committed late (e.g. a duplicate) would show now
            out.poll();

            // the job survived the corpus
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            assertEquals(JobStatus.RUNNING, status, "the job still runs after the hostile corpus");

            // (a) every hostile input in dead-letter with its precise reason, nothing else there
            List<String> dead = new ArrayList<>();
            out.deadLetter.forEach(d -> dead.add(d.path("source").asText() + "|" + d.path("reason").asText() + "|"
                    + d.path("raw").asText("")));
            assertEquals(sorted(expectedDead), sorted(dead), "dead letters (source|reason|raw)");
            for (JsonNode d : out.deadLetter) {
                assertEquals(List.of(), TopicSchemas.errors("dead-letter", d), "dead letter against its schema: " + d);
            }
            for (JsonNode a : out.audit) assertEquals(List.of(), TopicSchemas.errors("audit", a), "audit event: " + a);

            // (b) one INPUT_REJECTED audit event per dead letter, with the same reason code
            List<String> expectedCodes = new ArrayList<>();
            badRecords.forEach(b -> expectedCodes.add(b.reason()));
            MALFORMED_LABELS.forEach(b -> expectedCodes.add(b.reason()));
            for (int i = 0; i < RESENT; i++) expectedCodes.add("duplicate-record");
            noModel.forEach(raw -> expectedCodes.add("missing-model"));
            FORGED_REQUESTS.forEach(b -> expectedCodes.add(b.reason()));
            List<String> codes = new ArrayList<>();
            out.audit("INPUT_REJECTED").forEach(a -> codes.add(a.path("reason").asText().split(":", 2)[0]));
            assertEquals(sorted(expectedCodes), sorted(codes), "INPUT_REJECTED reason codes");
            for (String id : List.of("bad-model", "bad-overflow", "bad-nan-str")) {
                assertTrue(out.audit("INPUT_REJECTED").stream().anyMatch(a -> id.equals(a.path("recordId").asText())),
                        "INPUT_REJECTED names the record id " + id);
            }

            // (c) every bad label rejected once with its precise reason, and no good label rejected
            List<String> labelRejections = new ArrayList<>();
            out.audit("LABEL_REJECTED").forEach(a -> labelRejections.add(a.path("recordId").asText() + "|"
                    + a.path("reason").asText()));
            assertEquals(sorted(rejected), sorted(labelRejections), "LABEL_REJECTED (recordId|reason)");

            // (d) the metrics topic counts them, per model, with "_none" for rejections that name no known model
            assertTrue(settled, "settled: " + out.deadLetter.size() + "/" + expectedDead.size() + " dead letters, "
                    + out.audit("LABEL_REJECTED").size() + "/" + rejected.size() + " label rejections, metrics "
                    + metricsAgreeWithAudit(out));
            Map<String, JsonNode> last = lastMetrics(out);
            assertNotNull(last.get("_none"), "rejections without a known model are reported under _none");
            assertFalse(last.containsKey("nope"), "an unknown model id never becomes a metrics key");
            long inputs = 0, labels = 0;
            for (JsonNode m : last.values()) {
                inputs += m.path("inputsRejected").asLong();
                labels += m.path("labelsRejected").asLong();
            }
            assertEquals(badRecords.size() + MALFORMED_LABELS.size() + noModel.size() + RESENT + FORGED_REQUESTS.size(),
                    inputs, "inputsRejected over all keys");
            assertEquals(rejected.size(), labels, "labelsRejected over all keys");

            // (e) good records decided exactly once, hostile ones never; held ones expired
            Map<String, Integer> perId = CommittedOutputs.countBy(out.decisions, "recordId");
            Set<String> sent = new HashSet<>(truth.keySet());
            sent.add(DISPUTED);
            for (String id : sent) assertEquals(1, perId.getOrDefault(id, 0), "one decision for " + id);
            assertEquals(sent, perId.keySet(), "no decision for a hostile record or a ghost id");
            Map<String, Integer> scored = CommittedOutputs.countBy(out.audit("SCORED"), "recordId");
            assertEquals(sent, scored.keySet(), "only good records scored");
            assertTrue(scored.values().stream().allMatch(c -> c == 1), "each scored once");
            for (String id : HELD) assertEquals("EXPIRED", decided.get(id).path("source").asText(), id + " expired");

            // (f) no rejected label changed the model: one model version per LABELED event, all from the team
            List<JsonNode> labeled = out.audit("LABELED");
            assertEquals(labeled.size(), out.models.size(), "model versions = LABELED events");
            Map<String, Long> lastVersion = new HashMap<>();
            for (JsonNode m : out.models) {
                long v = m.path("version").asLong();
                assertEquals(lastVersion.getOrDefault(m.path("model").asText(), 0L) + 1, v, "model version log: " + m);
                lastVersion.put(m.path("model").asText(), v);
            }
            Set<String> requested = ids(out.reviewRequests, "recordId");
            for (JsonNode l : labeled) {
                assertTrue(requested.contains(l.path("recordId").asText()), "LABELED only with a review request");
                assertTrue(Set.of("alice", "bob", "carol", "dan").contains(l.path("annotator").asText()),
                        "LABELED only by allowed annotators");
                assertFalse(HELD.contains(l.path("recordId").asText()), "no hostile label joined");
            }
            assertEquals(labeled.size(), ids(labeled, "recordId").size(), "one label applied per record");
            assertEquals(1, out.models.stream().filter(m -> "churn".equals(m.path("model").asText())).count(),
                    "churn learned once: from the adjudicated record");
            assertTrue(out.models.stream().allMatch(m -> Set.of("fraud", "churn").contains(m.path("model").asText())),
                    "no model other than the records' own learned");

            System.out.printf("badinput: %d hostile records, %d malformed labels, %d rejected labels, %d labels "
                            + "learned, metrics %s; %.1f s%n", badRecords.size(), MALFORMED_LABELS.size(), rejected.size(),
                    labeled.size(), summary(last), (System.nanoTime() - t0) / 1e9);
        } finally {
            LocalFlink.cancel(job);
        }
    }

    private static void sendNoModel(KafkaProducer<String, String> p, TopicsSpec t, String json, List<String> raws) {
        p.send(new ProducerRecord<>(t.labels(), RecordIds.idOf(json), json));
        raws.add(json);
    }

    private static void sendLabel(KafkaProducer<String, String> p, TopicsSpec t, String json, List<String> expected,
                                  String expectation) {
        p.send(new ProducerRecord<>(t.labels(), RecordIds.idOf(json), json));
        expected.add(expectation);
    }

    /** The metrics key of an audit event: its model when known, else "_none". */
    private static String key(JsonNode a) {
        String m = a.path("model").asText(null);
        return m != null && MODELS.contains(m) ? m : "_none";
    }

    private static Map<String, JsonNode> lastMetrics(LiveOutputs out) {
        Map<String, JsonNode> last = new TreeMap<>();
        for (JsonNode m : out.metrics) last.put(m.path("model").asText(), m); // one key, one partition: in order
        return last;
    }

    /** Differences between the running rejection totals of the latest metrics and the committed audit events. */
    private static List<String> metricsAgreeWithAudit(LiveOutputs out) {
        Map<String, long[]> expected = new TreeMap<>();
        out.audit("INPUT_REJECTED").forEach(a -> expected.computeIfAbsent(key(a), k -> new long[2])[0]++);
        out.audit("LABEL_REJECTED").forEach(a -> expected.computeIfAbsent(key(a), k -> new long[2])[1]++);
        Map<String, JsonNode> last = lastMetrics(out);
        List<String> diffs = new ArrayList<>();
        Set<String> keys = new HashSet<>(expected.keySet());
        last.forEach((k, m) -> {
            if (m.path("inputsRejected").asLong() + m.path("labelsRejected").asLong() > 0) keys.add(k);
        });
        for (String k : keys) {
            long[] e = expected.getOrDefault(k, new long[2]);
            JsonNode m = last.get(k);
            long in = m == null ? -1 : m.path("inputsRejected").asLong();
            long lab = m == null ? -1 : m.path("labelsRejected").asLong();
            if (in != e[0] || lab != e[1]) {
                diffs.add(k + ": metrics inputs " + in + " labels " + lab + ", audit inputs " + e[0] + " labels " + e[1]);
            }
        }
        return diffs;
    }

    private static String summary(Map<String, JsonNode> last) {
        StringBuilder s = new StringBuilder();
        last.forEach((k, m) -> s.append(k).append("{inputs=").append(m.path("inputsRejected").asLong())
                .append(", labels=").append(m.path("labelsRejected").asLong()).append("} "));
        return s.toString().trim();
    }

    private static Set<String> ids(List<JsonNode> events, String field) {
        Set<String> s = new HashSet<>();
        events.forEach(e -> s.add(e.path(field).asText()));
        return s;
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
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
