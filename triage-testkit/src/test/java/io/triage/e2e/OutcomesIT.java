package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.local.EmbeddedKafka;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.OutcomeSpec;
import io.triage.spec.SpecLoader;
import io.triage.testhooks.FaultHooks;
import io.triage.testkit.chaos.CommittedOutputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late ground truth on a real broker and a MiniCluster (issue 14): once the loop has decided every record, the
 * test sends outcomes — the truth for every automated decision, for some human ones, and, for one closed window
 * of decision time, false chargebacks enough to push its known errors over the target's budget — plus resends,
 * second observations, unknown records and classes, and malformed messages. Checked against what the test
 * itself sent (never the job's own view): every outcome id ends in exactly one OUTCOME_JOINED with the verdict
 * the test expects, or one OUTCOME_REJECTED with the expected reason, or a dead letter; OUTCOMES_CONTRADICT is
 * raised for exactly the closed windows whose sent outcomes prove their precision below target; the metrics
 * report the joined outcomes; and every sent and committed message fits its schema.
 */
class OutcomesIT {
    private static final long WINDOW_MS = 3_000;
    private static final int MIN_AUTOMATED = 20;
    private static final int RECORDS = 4000;

    private static JobSpec spec() {
        JobSpec s = SpecLoader.loadNamed("loop-fraud");
        return s.withReview(s.review().withOutcomes(new OutcomeSpec(3_600_000L, WINDOW_MS, MIN_AUTOMATED, 3_000L)));
    }

    @Test
    void lateTruthIsJoinedOnceAndKnownErrorsContradictThePromiseWhereTheyProveIt(@TempDir Path checkpoints) throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        Map<String, String> expected = new LinkedHashMap<>(); // outcome id → verdict or rejection code
        Set<Long> contradicted = new TreeSet<>();              // window indices the sent outcomes prove below target
        List<String> dead = new ArrayList<>();
        long[] automatedWithOutcome = {0};
        LoopRun.run(kafka, spec(), "outcomes-", new TransactionsGenerator(21), RECORDS, 200,
                ReviewTeam.Settings.of(4, 1.0, 5, 0.0, 7), FaultHooks.none(), checkpoints, Duration.ofMinutes(3),
                (spec, truth) -> {
                    var topics = spec.kafka().topics();
                    String bootstrap = kafka.bootstrapServers();
                    List<JsonNode> decisions = CommittedOutputs.readAll(bootstrap, topics.decisions());
                    // automated decisions by window of decision time; the last window is still open
                    TreeMap<Long, List<JsonNode>> windows = new TreeMap<>();
                    List<JsonNode> human = new ArrayList<>();
                    for (JsonNode d : decisions) {
                        if ("AUTO".equals(d.path("source").asText())) {
                            windows.computeIfAbsent(Math.floorDiv(d.path("decidedAt").asLong(), WINDOW_MS),
                                    w -> new ArrayList<>()).add(d);
                        } else if ("HUMAN".equals(d.path("source").asText())) {
                            human.add(d);
                        }
                    }
                    long open = windows.isEmpty() ? Long.MIN_VALUE : windows.lastKey();
                    long falseWindow = windows.headMap(open).entrySet().stream()
                            .filter(e -> e.getValue().size() >= MIN_AUTOMATED)
                            .max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
                            .map(Map.Entry::getKey).orElseThrow(() -> new AssertionError(
                                    "no closed window with " + MIN_AUTOMATED + " automated decisions: " + windows.keySet()));
                    Map<String, String> sentLabel = new java.util.HashMap<>();
                    try (KafkaProducer<String, String> p = producer(bootstrap)) {
                        int n = 0;
                        for (var e : windows.entrySet()) {
                            List<JsonNode> auto = e.getValue();
                            int falseOnes = e.getKey() == falseWindow ? (int) Math.floor(0.1 * auto.size()) + 1 : 0;
                            int wrong = 0;
                            for (int i = 0; i < auto.size(); i++) {
                                JsonNode d = auto.get(i);
                                String id = d.path("recordId").asText();
                                String decided = d.path("decision").asText();
                                String told = truth.get(id);
                                // the false chargebacks go to decisions that were right, so they add known errors
                                if (falseOnes > 0 && decided.equals(told)) {
                                    told = decided.equals("fraud") ? "legit" : "fraud";
                                    falseOnes--;
                                }
                                String oid = "o-" + n++;
                                send(p, topics.outcomes(), oid, id, told);
                                sentLabel.put(id, told);
                                boolean right = decided.equals(told);
                                if (!right) wrong++;
                                expected.put(oid, (right ? "correct" : "wrong") + ":AUTO");
                                automatedWithOutcome[0]++;
                            }
                            if (e.getKey() < open && auto.size() >= MIN_AUTOMATED && wrong > 0.1 * auto.size()) {
                                contradicted.add(e.getKey());
                            }
                        }
                        assertTrue(contradicted.contains(falseWindow), "the test set up one contradiction");
                        // some human decisions, judged against the reviewers' answers
                        for (JsonNode d : human.subList(0, Math.min(50, human.size()))) {
                            String id = d.path("recordId").asText();
                            String oid = "o-" + n++;
                            send(p, topics.outcomes(), oid, id, truth.get(id));
                            expected.put(oid, (d.path("decision").asText().equals(truth.get(id)) ? "correct" : "wrong") + ":HUMAN");
                        }
                        String autoId = windows.firstEntry().getValue().get(0).path("recordId").asText();
                        String joined = sentLabel.get(autoId);
                        send(p, topics.outcomes(), "o-0", autoId, joined);            // a resend of o-0: counted once
                        send(p, topics.outcomes(), "second-1", autoId, joined);
                        expected.put("second-1", "repeated-outcome");
                        send(p, topics.outcomes(), "second-2", autoId, joined.equals("fraud") ? "legit" : "fraud");
                        expected.put("second-2", "conflicting-outcome");
                        send(p, topics.outcomes(), "ghost-1", "never-sent", "fraud");
                        expected.put("ghost-1", "not-decided");
                        send(p, topics.outcomes(), "class-1", autoId, "spam");
                        expected.put("class-1", "unknown-class");
                        p.send(new ProducerRecord<>(topics.outcomes(), "x", "{\"outcomeId\":\"bad-1\",\"recordId\":"));
                        dead.add("invalid-json");
                        p.send(new ProducerRecord<>(topics.outcomes(), "x", "{\"outcomeId\":\"bad-2\",\"recordId\":\"tx-1\"}"));
                        dead.add("missing-label");
                        p.flush();
                    }
                    // every outcome id ends once (the resend of o-0 adds a duplicate-outcome of the same id)
                    int events = expected.size() + 1;
                    Supplier<List<JsonNode>> ends = () -> CommittedOutputs.readAll(bootstrap, topics.audit()).stream()
                            .filter(a -> a.path("type").asText().startsWith("OUTCOME_")).toList();
                    await(() -> ends.get().size() >= events, Duration.ofSeconds(60), () -> "outcome events: " + ends.get().size() + " of " + events);
                    Thread.sleep(2 * spec.checkpointIntervalOrDefault());
                    CommittedOutputs out = CommittedOutputs.read(bootstrap, topics);
                    // joined events name the record, not the outcome id: map expected ids to records via what was sent
                    Map<String, Long> joinedVerdicts = new TreeMap<>(), expectedVerdicts = new TreeMap<>();
                    out.audit("OUTCOME_JOINED").forEach(a -> joinedVerdicts.merge(a.path("verdict").asText() + ":" + a.path("decisionSource").asText(), 1L, Long::sum));
                    expected.values().stream().filter(v -> v.contains(":"))
                            .forEach(v -> expectedVerdicts.merge(v, 1L, Long::sum));
                    assertEquals(expectedVerdicts, joinedVerdicts, "each outcome joined once, with the verdict the truth gives");
                    Set<String> joinedRecords = new HashSet<>();
                    for (JsonNode a : out.audit("OUTCOME_JOINED")) {
                        assertTrue(joinedRecords.add(a.path("recordId").asText()), "a record's truth joins once: " + a);
                    }
                    Map<String, String> refused = new TreeMap<>(), refusedExpected = new TreeMap<>();
                    for (JsonNode a : out.audit("OUTCOME_REJECTED")) {
                        refused.merge(a.path("outcomeId").asText(), a.path("reason").asText(), (x, y) -> x + "," + y);
                    }
                    expected.forEach((k, v) -> { if (!v.contains(":")) refusedExpected.put(k, v); });
                    refusedExpected.put("o-0", "duplicate-outcome");
                    assertEquals(refusedExpected, refused, "refused with their reasons, each once");
                    assertEquals(dead, out.deadLetter.stream().filter(d -> d.path("source").asText().equals("outcomes"))
                            .map(d -> d.path("reason").asText()).toList());
                    // what the sent outcomes prove, and nothing else
                    Set<Long> alarmed = new TreeSet<>();
                    for (JsonNode a : out.audit("OUTCOMES_CONTRADICT")) {
                        String r = a.path("reason").asText();
                        String start = r.substring(r.indexOf('[') + 1, r.indexOf(','));
                        alarmed.add(Long.parseLong(start) / WINDOW_MS);
                        assertTrue(a.path("precisionAtMost").asDouble() < 0.9, r);
                    }
                    assertEquals(contradicted, alarmed, "contradictions where the sent outcomes prove one");
                    await(() -> CommittedOutputs.readAll(bootstrap, topics.metrics()).stream()
                                    .anyMatch(m -> m.path("outcomesAuto").asLong() == automatedWithOutcome[0]),
                            Duration.ofSeconds(30), () -> "metrics never reported " + automatedWithOutcome[0] + " outcomes of automated decisions");
                    JsonNode last = CommittedOutputs.readAll(bootstrap, topics.metrics()).stream()
                            .filter(m -> m.path("outcomesAuto").asLong() == automatedWithOutcome[0]).reduce((a, b) -> b).orElseThrow();
                    assertEquals(contradicted.size(), last.path("outcomeContradictions").asLong());
                    long wrongAuto = expected.values().stream().filter("wrong:AUTO"::equals).count();
                    assertEquals(1 - (double) wrongAuto / automatedWithOutcome[0], last.path("outcomePrecisionAuto").asDouble(), 1e-9);
                    // each known error of an automated decision reached the Learner once; those of the serving
                    // version stepped its controller (the threshold only rises on them)
                    List<JsonNode> known = out.audit("KNOWN_ERROR");
                    assertEquals(wrongAuto, known.size(), "every known automated error reached the Learner once");
                    long taken = known.stream().filter(k -> k.path("reason").asText().equals("outcome")).count();
                    List<JsonNode> raised = out.audit("THRESHOLD_CHANGED").stream()
                            .filter(t -> t.path("reason").asText().equals("known-error")).toList();
                    assertEquals(taken > 0, !raised.isEmpty(), "a known error of the serving version moves its threshold");
                    for (JsonNode t : raised) {
                        // up, or off altogether (no threshold: the value is null)
                        assertTrue(!t.hasNonNull("threshold") || t.path("threshold").asDouble() > t.path("previousThreshold").asDouble(),
                                "only ever up: " + t);
                    }
                    for (JsonNode a : out.audit) assertEquals(List.of(), TopicSchemas.errors("audit", a), a.toString());
                    for (JsonNode m : out.metrics) assertEquals(List.of(), TopicSchemas.errors("metrics", m), m.toString());
                    System.out.printf("outcomes: %d automated decisions with an outcome, %d known wrong (%d of the serving version, "
                                    + "taken by the Learner), windows contradicted %s%n",
                            automatedWithOutcome[0], wrongAuto, taken, contradicted);
                });
    }

    private static void send(KafkaProducer<String, String> p, String topic, String outcomeId, String recordId, String label)
            throws Exception {
        String msg = "{\"outcomeId\":\"" + outcomeId + "\",\"model\":\"fraud\",\"recordId\":\"" + recordId
                + "\",\"label\":\"" + label + "\",\"source\":\"chargeback\"}";
        assertEquals(List.of(), TopicSchemas.errors("outcomes", Json.MAPPER.readTree(msg)), msg);
        p.send(new ProducerRecord<>(topic, recordId, msg));
    }

    private static void await(Supplier<Boolean> done, Duration timeout, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.get()) {
            if (System.nanoTime() > end) throw new AssertionError(what.get());
            Thread.sleep(500);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }
}
