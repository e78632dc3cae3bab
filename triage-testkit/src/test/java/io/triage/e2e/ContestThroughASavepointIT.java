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
import io.triage.spec.OutcomeSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appeals and late ground truth through a savepoint (a stop and a new job graph at another parallelism): appeals
 * under review when the job stops are answered after it restarts, records decided before the stop can still be
 * appealed and judged after it (the appeal and outcome desks' state carried over), and each appeal and each outcome
 * ends exactly once — checked against what the test itself sent.
 */
class ContestThroughASavepointIT {
    private static final String PREFIX = "contest-sp-";
    private static final int RECORDS = 120;
    private static final String OFFICER = "appeals-officer";

    private static JobSpec spec() {
        JobSpec s = SpecLoader.parse("""
                name: contest-savepoint
                checkpointIntervalMs: 1000
                metricsEvery: 50
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {reviewDeadlineMs: 600000}
                    drift: {detectors: []}
                review:
                  annotators: [alice, bob, %s]
                  orphanLabelWaitMs: 2000
                  appeals: {windowMs: 3600000, deadlineMs: 600000, maxPerRecord: 1}
                """.formatted(OFFICER));
        return s.withReview(s.review().withOutcomes(new OutcomeSpec(3_600_000L, 60_000L, 50, 5_000L)));
    }

    @Test
    void appealsAndOutcomesPendingAtASavepointEndOnceAfterTheRestore(@TempDir Path checkpoints,
                                                                     @TempDir Path savepoints) throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        JobSpec base = spec();
        TopicsSpec topics = base.kafka().topics().prefixed(PREFIX);
        JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        kafka.createTopics(2, topics.all());

        Map<String, String> truth = new LinkedHashMap<>();
        TransactionsGenerator gen = new TransactionsGenerator(17);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            LabeledRecord r = gen.next();
            truth.put(RecordIds.idOf(r.json()), r.truth());
            records.add(r.json());
        }
        Set<String> appealed = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, String> producer = producer(kafka);
             LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics)) {
            // run 1, parallelism 1: every record decided; two appeals accepted and left under review
            JobClient job1 = start(spec, checkpoints, 1, null);
            Map<String, JsonNode> first;
            JsonNode beforeOverturn, beforeUphold, afterOverturn, afterUphold;
            String savepoint;
            try (ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                    ReviewTeam.Settings.of(2, 1.0, 5, 0.0, 3), id -> appealed.contains(id) ? null : truth.get(id))
                    .start()) {
                for (String r : records) producer.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(r), r));
                producer.flush();
                assertTrue(out.awaitUntil(() -> firstDecisions(out).keySet().containsAll(truth.keySet()),
                        Duration.ofSeconds(90)), "every record decided: " + firstDecisions(out).size());
                first = firstDecisions(out);
                List<JsonNode> human = first.values().stream()
                        .filter(d -> "HUMAN".equals(d.path("source").asText())).toList();
                assertTrue(human.size() >= 4, "the team decided some records: " + human.size());
                beforeOverturn = human.get(0);
                beforeUphold = human.get(1);
                afterOverturn = human.get(2);
                afterUphold = human.get(3);
                for (JsonNode d : human.subList(0, 4)) appealed.add(id(d));
                appeal(producer, topics, "ap-1", beforeOverturn);
                appeal(producer, topics, "ap-2", beforeUphold);
                producer.flush();
                assertTrue(out.awaitUntil(() -> out.audit("APPEAL_RECEIVED").size() == 2
                        && appealReviews(out) == 2, Duration.ofSeconds(30)), "two appeals under review");
            }
            savepoint = job1.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            job1.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            out.poll();
            assertEquals(0, out.audit("APPEAL_UPHELD").size() + out.audit("APPEAL_OVERTURNED").size(),
                    "nothing answered the appeals before the stop");

            // run 2, parallelism 2, from the savepoint: the pending appeals answered, two new appeals of records
            // decided before the stop, and the truth of every record
            JobClient job2 = start(spec, checkpoints, 2, savepoint);
            try {
                label(producer, topics, beforeOverturn, other(beforeOverturn), "ov-1");
                label(producer, topics, beforeUphold, beforeUphold.path("decision").asText(), "up-2");
                appeal(producer, topics, "ap-3", afterOverturn);
                appeal(producer, topics, "ap-4", afterUphold);
                producer.flush();
                assertTrue(out.awaitUntil(() -> out.audit("APPEAL_RECEIVED").size() == 4, Duration.ofSeconds(60)),
                        "appeals of records decided before the stop accepted after it: " + out.audit("APPEAL_REJECTED"));
                label(producer, topics, afterOverturn, other(afterOverturn), "ov-3");
                label(producer, topics, afterUphold, afterUphold.path("decision").asText(), "up-4");
                int n = 0;
                for (String id : truth.keySet()) {
                    String msg = "{\"outcomeId\":\"o-" + n++ + "\",\"model\":\"fraud\",\"recordId\":\"" + id
                            + "\",\"label\":\"" + truth.get(id) + "\",\"source\":\"chargeback\"}";
                    producer.send(new ProducerRecord<>(topics.outcomes(), id, msg));
                }
                producer.flush();
                assertTrue(out.awaitUntil(() -> out.audit("APPEAL_OVERTURNED").size() + out.audit("APPEAL_UPHELD").size() == 4
                                && out.audit("OUTCOME_JOINED").size() + out.audit("OUTCOME_REJECTED").size() >= RECORDS,
                        Duration.ofSeconds(90)), "every appeal and outcome ended: " + out.audit("APPEAL_OVERTURNED").size()
                        + " overturned, " + out.audit("APPEAL_UPHELD").size() + " upheld, "
                        + out.audit("OUTCOME_JOINED").size() + " outcomes joined, " + out.audit("OUTCOME_REJECTED"));
                out.awaitUntil(() -> false, Duration.ofSeconds(3)); // anything committed twice would show now
            } finally {
                LocalFlink.cancel(job2);
            }

            // each appeal ended once, as its answer says
            assertEquals(List.of(), out.audit("APPEAL_REJECTED"));
            assertEquals(Set.of("ap-1", "ap-3"), appealIds(out.audit("APPEAL_OVERTURNED")));
            assertEquals(Set.of("ap-2", "ap-4"), appealIds(out.audit("APPEAL_UPHELD")));
            assertEquals(2, out.audit("APPEAL_OVERTURNED").size());
            assertEquals(2, out.audit("APPEAL_UPHELD").size());
            assertEquals(4, out.audit("APPEAL_RECEIVED").size());
            // one first decision per record; each overturned one amended once, superseding it
            Map<String, List<JsonNode>> history = new TreeMap<>();
            out.decisions.forEach(d -> history.computeIfAbsent(id(d), k -> new ArrayList<>()).add(d));
            assertEquals(truth.keySet(), history.keySet());
            for (var e : history.entrySet()) {
                boolean overturned = e.getKey().equals(id(beforeOverturn)) || e.getKey().equals(id(afterOverturn));
                assertEquals(overturned ? 2 : 1, e.getValue().size(), e.getKey() + ": " + e.getValue());
                if (overturned) {
                    JsonNode amended = e.getValue().get(1);
                    assertEquals(first.get(e.getKey()).path("decidedAt").asLong(), amended.path("supersedes").asLong());
                    assertEquals(OFFICER, amended.path("annotator").asText());
                    assertEquals(other(first.get(e.getKey())), amended.path("decision").asText());
                }
            }
            // each outcome joined once to the record's first decision, with the verdict the truth gives it
            assertEquals(List.of(), out.audit("OUTCOME_REJECTED"));
            Map<String, String> verdicts = new TreeMap<>();
            for (JsonNode a : out.audit("OUTCOME_JOINED")) {
                String previous = verdicts.put(id(a), a.path("verdict").asText() + ":" + a.path("decisionSource").asText());
                assertEquals(null, previous, "joined once: " + id(a));
            }
            Map<String, String> expected = new TreeMap<>();
            first.forEach((id, d) -> expected.put(id, (!d.hasNonNull("decision") ? "abstained"
                    : d.path("decision").asText().equals(truth.get(id)) ? "correct" : "wrong") + ":" + d.path("source").asText()));
            assertEquals(expected, verdicts);
            for (JsonNode a : out.audit) assertEquals(List.of(), TopicSchemas.errors("audit", a), a.toString());
            System.out.printf("contest through a savepoint: %d records, 4 appeals (2 pending at the stop) ended once, "
                    + "%d outcomes joined once after the restore%n", RECORDS, verdicts.size());
        }
    }

    private static String id(JsonNode n) {
        return n.path("recordId").asText();
    }

    private static String other(JsonNode decision) {
        return "fraud".equals(decision.path("decision").asText()) ? "legit" : "fraud";
    }

    private static Set<String> appealIds(List<JsonNode> events) {
        Set<String> s = new java.util.TreeSet<>();
        events.forEach(e -> s.add(e.path("appealId").asText()));
        return s;
    }

    private static long appealReviews(LiveOutputs out) {
        return out.reviewRequests.stream().filter(r -> "APPEAL".equals(r.path("reason").asText())).count();
    }

    /** Each record's first decision (an amended one supersedes it later). */
    private static Map<String, JsonNode> firstDecisions(LiveOutputs out) {
        Map<String, JsonNode> m = new TreeMap<>();
        out.decisions.forEach(d -> {
            if (!d.hasNonNull("supersedes")) m.putIfAbsent(id(d), d);
        });
        return m;
    }

    private static void appeal(KafkaProducer<String, String> p, TopicsSpec t, String appealId, JsonNode decision) {
        p.send(new ProducerRecord<>(t.appeals(), id(decision), "{\"appealId\":\"" + appealId + "\",\"model\":\"fraud\","
                + "\"recordId\":\"" + id(decision) + "\",\"reason\":\"please look again\",\"appellant\":\"case-"
                + appealId + "\"}"));
    }

    private static void label(KafkaProducer<String, String> p, TopicsSpec t, JsonNode decision, String cls, String tag) {
        p.send(new ProducerRecord<>(t.labels(), id(decision), "{\"id\":\"" + id(decision) + "\",\"model\":\"fraud\","
                + "\"label\":\"" + cls + "\",\"annotator\":\"" + OFFICER + "\",\"eventId\":\"appeal-" + tag + "\"}"));
    }

    private static JobClient start(JobSpec spec, Path checkpoints, int parallelism, String savepoint) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints.resolve("p" + parallelism),
                parallelism, -1, savepoint);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), PREFIX + "job")).build(env);
        return env.executeAsync(PREFIX + "job");
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }
}
