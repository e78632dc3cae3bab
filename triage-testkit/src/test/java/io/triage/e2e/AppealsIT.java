package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LabeledRecord;
import io.triage.local.LocalFlink;
import io.triage.local.RecordIds;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appeals on a real broker and a MiniCluster (issue 14): decided records contested through the {@code appeals}
 * topic go back to review (route APPEAL, the contested decision shown), and each ends in exactly one outcome —
 * overturned (an amended decision that supersedes the original), upheld, or expired unanswered; appeals that
 * cannot be taken are refused with their reason, malformed ones dead-lettered. Checked against what the test
 * itself sent, and every committed message against its schema.
 */
class AppealsIT {
    private static final String PREFIX = "appeals-";
    private static final int RECORDS = 120;
    private static final String OFFICER = "appeals-officer";

    private static JobSpec spec() {
        return SpecLoader.parse("""
                name: appeals
                checkpointIntervalMs: 1000
                metricsEvery: 50
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {reviewDeadlineMs: 20000}
                review:
                  annotators: [alice, bob, %s]
                  orphanLabelWaitMs: 2000
                  appeals: {windowMs: 600000, deadlineMs: 6000, maxPerRecord: 1}
                """.formatted(OFFICER));
    }

    @Test
    void appealsEndInOneOutcomeEachAndAnOverturnedDecisionIsAmended(@TempDir Path checkpoints) throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        JobSpec base = spec();
        TopicsSpec topics = base.kafka().topics().prefixed(PREFIX);
        JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        kafka.createTopics(2, topics.all());
        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints, 2, -1);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), PREFIX + "job")).build(env);
        JobClient job = env.executeAsync(PREFIX + "job");

        Map<String, String> truth = new LinkedHashMap<>();
        List<String> records = new ArrayList<>();
        TransactionsGenerator gen = new TransactionsGenerator(5);
        for (int i = 0; i < RECORDS; i++) {
            LabeledRecord r = gen.next();
            truth.put(RecordIds.idOf(r.json()), r.truth());
            records.add(r.json());
        }
        // the team answers the records' reviews; once a record is appealed, its appeal review is the officer's
        Set<String> appealed = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, String> producer = producer(kafka);
             LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics);
             ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                     ReviewTeam.Settings.of(2, 1.0, 5, 0.0, 3), id -> appealed.contains(id) ? null : truth.get(id)).start()) {
            for (String r : records) producer.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(r), r));
            producer.flush();
            assertTrue(out.awaitUntil(() -> decided(out).keySet().containsAll(truth.keySet()), Duration.ofSeconds(90)),
                    "every record decided: " + decided(out).size());
            List<JsonNode> human = out.decisions.stream().filter(d -> "HUMAN".equals(d.path("source").asText())).toList();
            assertTrue(human.size() >= 3, "the team decided some records");
            JsonNode overturn = human.get(0), uphold = human.get(1), unanswered = human.get(2);
            for (JsonNode d : List.of(overturn, uphold, unanswered)) appealed.add(d.path("recordId").asText());

            List<String> refused = new ArrayList<>(); // expected APPEAL_REJECTED as "recordId|code"
            List<String> dead = new ArrayList<>();    // expected dead letters as "reason"
            appeal(producer, topics, "ap-1", overturn, "I did not make this payment");
            appeal(producer, topics, "ap-2", uphold, "the amount was wrong");
            appeal(producer, topics, "ap-3", unanswered, "please look again");
            producer.flush();
            assertTrue(out.awaitUntil(() -> out.reviewRequests.stream().filter(r -> "APPEAL".equals(r.path("reason").asText()))
                    .count() == 3, Duration.ofSeconds(30)), "three appeal reviews: " + out.audit("APPEAL_REJECTED"));
            // resent, repeated while under review, of a record never sent, malformed, without a reason
            appeal(producer, topics, "ap-1", overturn, "I did not make this payment");
            refused.add(id(overturn) + "|duplicate-appeal");
            appeal(producer, topics, "ap-4", overturn, "and again");
            refused.add(id(overturn) + "|appeal-pending");
            producer.send(new ProducerRecord<>(topics.appeals(), "ghost",
                    "{\"appealId\":\"ap-5\",\"model\":\"fraud\",\"recordId\":\"ghost\",\"reason\":\"?\"}"));
            refused.add("ghost|not-decided");
            producer.send(new ProducerRecord<>(topics.appeals(), "x", "{\"appealId\":\"ap-6\",\"recordId\":"));
            dead.add("invalid-json");
            producer.send(new ProducerRecord<>(topics.appeals(), "x", "{\"appealId\":\"ap-7\",\"recordId\":\"tx-1\"}"));
            dead.add("missing-reason");
            producer.flush();
            // the refusals are the desk's before anyone answers: the answers travel another path (labels)
            assertTrue(out.awaitUntil(() -> out.audit("APPEAL_REJECTED").size() == 3, Duration.ofSeconds(30)),
                    "refused: " + out.audit("APPEAL_REJECTED"));

            // the appeal reviews show the contested decision; the original annotator may not answer
            Map<String, JsonNode> reviews = new TreeMap<>();
            out.reviewRequests.stream().filter(r -> "APPEAL".equals(r.path("reason").asText()))
                    .forEach(r -> reviews.put(r.path("recordId").asText(), r));
            JsonNode ov = reviews.get(id(overturn));
            assertEquals(overturn.path("decision").asText(), ov.path("appeal").path("decision").asText());
            assertEquals(overturn.path("decidedAt").asLong(), ov.path("appeal").path("decidedAt").asLong());
            assertEquals("I did not make this payment", ov.path("appeal").path("reason").asText());
            assertTrue(ov.path("features").has("amount"), "the record as it was decided");
            String other = "fraud".equals(overturn.path("decision").asText()) ? "legit" : "fraud";
            label(producer, topics, uphold, uphold.path("decision").asText(), uphold.path("annotator").asText(), "self");
            refused.add(id(uphold) + "|label:party-to-appeal");
            label(producer, topics, overturn, other, OFFICER, "ov");
            label(producer, topics, uphold, uphold.path("decision").asText(), OFFICER, "up");
            producer.flush();

            assertTrue(out.awaitUntil(() -> out.audit("APPEAL_OVERTURNED").size() == 1 && out.audit("APPEAL_UPHELD").size() == 1
                    && out.audit("APPEAL_EXPIRED").size() == 1 && out.audit("APPEAL_REJECTED").size() == 3
                    && out.deadLetter.size() >= 2, Duration.ofSeconds(60)), "every appeal ended: "
                    + out.audit.stream().filter(a -> a.path("type").asText().startsWith("APPEAL")).toList());
            out.awaitUntil(() -> false, Duration.ofSeconds(2)); // anything committed twice would show now

            // exactly one outcome per accepted appeal, each the expected one
            assertEquals(List.of(id(overturn)), ids(out.audit("APPEAL_OVERTURNED")));
            assertEquals(List.of(id(uphold)), ids(out.audit("APPEAL_UPHELD")));
            assertEquals(List.of(id(unanswered)), ids(out.audit("APPEAL_EXPIRED")));
            assertEquals(3, out.audit("APPEAL_RECEIVED").size());
            List<String> rejected = new ArrayList<>();
            out.audit("APPEAL_REJECTED").forEach(a -> rejected.add(a.path("recordId").asText() + "|"
                    + a.path("reason").asText()));
            out.audit("LABEL_REJECTED").forEach(a -> rejected.add(a.path("recordId").asText() + "|label:" + a.path("reason").asText()));
            assertEquals(sorted(refused), sorted(rejected));
            assertEquals(sorted(dead), sorted(out.deadLetter.stream().map(d -> d.path("reason").asText()).toList()));

            // the amended decision: once, superseding the original, by the officer; the current decision of every
            // record is its latest, and only the overturned record has two
            Map<String, List<JsonNode>> history = new TreeMap<>();
            out.decisions.forEach(d -> history.computeIfAbsent(id(d), k -> new ArrayList<>()).add(d));
            assertEquals(Set.copyOf(truth.keySet()), history.keySet());
            history.forEach((id, ds) -> assertEquals(id.equals(id(overturn)) ? 2 : 1, ds.size(), id + ": " + ds));
            JsonNode amended = history.get(id(overturn)).stream()
                    .max(Comparator.comparingLong(d -> d.path("decidedAt").asLong())).orElseThrow();
            assertEquals("APPEAL", amended.path("route").asText());
            assertEquals(other, amended.path("decision").asText());
            assertEquals(OFFICER, amended.path("annotator").asText());
            assertEquals(overturn.path("decidedAt").asLong(), amended.path("supersedes").asLong());
            assertEquals("ap-1", amended.path("appealId").asText());
            for (JsonNode d : out.decisions) {
                if (d != amended) assertTrue(d.path("supersedes").isNull() || d.path("supersedes").isMissingNode(), d.toString());
            }
            // appeals taught the model nothing: one version per LABELED event
            assertEquals(out.audit("LABELED").size(), out.models.size());
            for (JsonNode d : out.decisions) assertEquals(List.of(), TopicSchemas.errors("decisions", d), d.toString());
            for (JsonNode r : out.reviewRequests) assertEquals(List.of(), TopicSchemas.errors("review-requests", r), r.toString());
            for (JsonNode a : out.audit) assertEquals(List.of(), TopicSchemas.errors("audit", a), a.toString());
            System.out.printf("appeals: %d records, 3 appeals reviewed (overturned, upheld, expired), %d refused, %d dead%n",
                    RECORDS, refused.size(), dead.size());
        } finally {
            LocalFlink.cancel(job);
        }
    }

    private static String id(JsonNode d) {
        return d.path("recordId").asText();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(AppealsIT::id).toList();
    }

    private static Map<String, JsonNode> decided(LiveOutputs out) {
        Map<String, JsonNode> m = new TreeMap<>();
        out.decisions.forEach(d -> m.put(id(d), d));
        return m;
    }

    private static void appeal(KafkaProducer<String, String> p, TopicsSpec t, String appealId, JsonNode decision,
                               String reason) {
        p.send(new ProducerRecord<>(t.appeals(), id(decision), "{\"appealId\":\"" + appealId + "\",\"model\":\"fraud\","
                + "\"recordId\":\"" + id(decision) + "\",\"reason\":\"" + reason + "\",\"appellant\":\"case-" + appealId + "\"}"));
    }

    private static void label(KafkaProducer<String, String> p, TopicsSpec t, JsonNode decision, String cls,
                              String annotator, String tag) {
        p.send(new ProducerRecord<>(t.labels(), id(decision), "{\"id\":\"" + id(decision) + "\",\"model\":\"fraud\","
                + "\"label\":\"" + cls + "\",\"annotator\":\"" + annotator + "\",\"eventId\":\"appeal-" + tag + "-"
                + id(decision) + "\"}"));
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }
}
