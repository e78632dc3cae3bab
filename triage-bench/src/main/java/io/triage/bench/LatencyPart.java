package io.triage.bench;

import io.triage.spec.StrategyKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.TriageJob;
import io.triage.codec.Json;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.RecordReplayer;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Part 3: label-to-serving latency. The Triage job runs on a steady record stream (200 rec/s); a labeler
 * reads committed review requests and answers some of them at a fixed pace (10 labels/s), noting the wall
 * clock just before each send. From the committed audit trail and model log:
 * <ul>
 *   <li>v(label) = the version whose {@code lastRecordId} is the labeled record (the version that applied it);</li>
 *   <li>served(v) = the earliest SCORED audit event with modelVersion ≥ v (any Scorer subtask);</li>
 *   <li>latency = served(v) − send time; split into send → LABELED (join), LABELED → publishedAt (learn) and
 *       publishedAt → served (broadcast + wait for the next record at that Scorer).</li>
 * </ul>
 * All timestamps are processing time inside the job (System.currentTimeMillis of the same JVM as the labeler),
 * so the figures do not include the checkpoint delay before outputs become visible to read_committed readers;
 * they do include the label's trip through Kafka into the job. Run at hashBits 10 and 16 (2×1,027 vs 2×65,539 weights).
 */
final class LatencyPart {
    private LatencyPart() {}

    static final double RECORD_RATE = 200;
    static final long LABEL_EVERY_MS = 100;
    /** Seconds of labels at the start of each run that are sent but not measured. */
    static final long WARMUP_S = 20;

    static void run(Results res, int seconds) throws Exception {
        ObjectNode sec = res.section("latency");
        res.md("## 3. Label-to-serving latency\n");
        res.md(Results.f("Records at %.0f/s, a label every %d ms for %d s on committed review requests (the label joins its "
                + "request at once). Latency = first SCORED event with modelVersion ≥ the version that applied the label − "
                + "label send time; audit/model timestamps are processing time inside the job, so commit visibility "
                + "(checkpoint interval) is NOT included — only Kafka transport of the label, the join, the learning step, "
                + "the model broadcast and the wait for the next record at a Scorer.\n", RECORD_RATE, LABEL_EVERY_MS, seconds));
        res.md("| hashBits | labels measured | p50 ms | p90 ms | p99 ms | max ms | send→joined p50 / p99 | joined→published p50 / p99 "
                + "| published→served p50 / p99 | labels > 200 ms (sent ≤ 300 ms after a checkpoint trigger) |");
        res.md("|---|---|---|---|---|---|---|---|---|---|");
        Path tmp = Files.createTempDirectory("bench-latency-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (int bits : new int[] {10, 16}) {
                ObjectNode o = sec.putObject("hashBits" + bits);
                one(kafka, bits, seconds, tmp.resolve("cp" + bits), o);
                res.md(Results.f("| %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %d (%d) |", bits,
                        o.path("labelsApplied").asLong(), o.path("p50Ms").asDouble(), o.path("p90Ms").asDouble(),
                        o.path("p99Ms").asDouble(), o.path("maxMs").asDouble(), o.path("sendToJoinedP50Ms").asDouble(),
                        o.path("sendToJoinedP99Ms").asDouble(),
                        o.path("joinedToPublishedP50Ms").asDouble(), o.path("joinedToPublishedP99Ms").asDouble(),
                        o.path("publishedToServedP50Ms").asDouble(), o.path("publishedToServedP99Ms").asDouble(),
                        o.path("over200Ms").asLong(), o.path("over200MsNearCheckpoint").asLong()));
                res.save();
            }
        } finally {
            ThroughputPart.deleteQuietly(tmp);
        }
        res.md("");
        res.save();
    }

    static void one(EmbeddedKafka kafka, int bits, int seconds, Path cp, ObjectNode o) throws Exception {
        String yaml = new String(SpecLoader.class.getResourceAsStream("/jobs/fraud.yaml").readAllBytes())
                .replace("hashBits: 10", "hashBits: " + bits);
        String bs = kafka.bootstrapServers();
        // in guarantee mode a frozen version serves and a label moves only the policy; the model's own path from
        // label to serving is measured in budget mode, where the latest version serves after every label
        JobSpec spec = BenchEnv.spec(SpecLoader.parse(yaml).withCheckpointInterval(2_000L), bs, "lat" + bits + "-")
                .mapModels(m -> m.withPolicy(m.policy().withBudget(0.5, StrategyKind.RANDOM.code())));
        // its records are a few hundred bytes: at 2^16 buckets the default maxRecordBytes (1 MB) would allow review
        // requests over the producer's limit, which the job refuses to start with
        spec = spec.withMaxRecordBytes(32_768);
        kafka.createTopics(2, spec.kafka().topics().all());
        StreamExecutionEnvironment env = BenchEnv.env(spec, cp, 2, null);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name())).build(env);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> joinedAt = new ConcurrentHashMap<>();
        Map<String, long[]> versionOf = new ConcurrentHashMap<>(); // recordId -> {version, publishedAt}
        NavigableMap<Long, Long> firstScoredAt = new TreeMap<>();  // version -> earliest SCORED ts
        LinkedBlockingDeque<JsonNode> inbox = new LinkedBlockingDeque<>();

        JobClient job = env.executeAsync("latency-" + bits);
        CheckpointWatch checkpoints = new CheckpointWatch(cp);
        RecordReplayer replayer = new RecordReplayer(bs, spec.kafka().topics().records(), new TransactionsGenerator(21),
                RECORD_RATE, 0);
        Thread feeder = new Thread(replayer, "latency-replayer");
        feeder.setDaemon(true);
        int sent = 0;
        byte[] aliceKey = io.triage.security.KeyRing.forFile(spec.review().keysFile()).annotatorKey("alice");
        try (KafkaProducer<String, String> labels = KafkaBits.producer(bs);
             KafkaBits.Follower requests = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().reviewRequests()), null,
                     r -> parse(r.value(), inbox::add));
             KafkaBits.Follower audit = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().audit()), null,
                     r -> parse(r.value(), e -> {
                         String type = e.path("type").asText();
                         if (type.equals("SCORED")) {
                             synchronized (firstScoredAt) {
                                 firstScoredAt.merge(e.path("modelVersion").asLong(), e.path("ts").asLong(), Math::min);
                             }
                         } else if (type.equals("LABELED")) {
                             joinedAt.put(e.path("recordId").asText(), e.path("ts").asLong());
                         }
                     }));
             KafkaBits.Follower models = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().models()), null,
                     r -> parse(r.value(), m -> versionOf.put(m.path("lastRecordId").asText(),
                             new long[] {m.path("version").asLong(), m.path("publishedAt").asLong()})))) {
            feeder.start();
            long t0 = System.nanoTime();
            // wait for the first committed requests, skip those that piled up (their labels would arrive in a burst)
            while (inbox.isEmpty() && System.nanoTime() - t0 < 60_000_000_000L) Thread.sleep(100);
            long start = System.nanoTime();
            long end = start + (WARMUP_S + seconds) * 1_000_000_000L;
            long next = start;
            long lastLog = start;
            while (System.nanoTime() < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                next += LABEL_EVERY_MS * 1_000_000L;
                // the freshest request (LIFO): requests become visible in a batch at each checkpoint, and the
                // older ones of a batch serve the next labels, so the labeler keeps its pace between commits
                JsonNode r = inbox.pollLast(LABEL_EVERY_MS, TimeUnit.MILLISECONDS);
                if (r == null) continue;
                String id = r.path("recordId").asText();
                String truth = replayer.truth().get(id);
                if (truth == null) continue;
                ObjectNode l = Json.MAPPER.createObjectNode();
                long ts = System.currentTimeMillis();
                l.put("id", id).put("model", r.path("model").asText()).put("label", truth).put("annotator", "alice")
                        .put("ts", Instant.ofEpochMilli(ts).toString()).put("eventId", "bench-" + id);
                l.put("signature", io.triage.security.LabelSigner.sign(aliceKey, new io.triage.event.Label(id,
                        r.path("model").asText(), truth, "alice", ts, "bench-" + id)));
                // the first WARMUP_S warm the JIT, RocksDB and the job up: sent, not measured
                if (System.nanoTime() - start >= WARMUP_S * 1_000_000_000L) sentAt.put(id, System.currentTimeMillis());
                labels.send(new ProducerRecord<>(spec.kafka().topics().labels(), id, l.toString()));
                sent++;
                if (System.nanoTime() - lastLog > 5_000_000_000L) {
                    lastLog = System.nanoTime();
                    Results.log("  [latency hashBits=%d %3.0fs] records sent %,d, labels sent %d, versions seen %d", bits,
                            (lastLog - start) / 1e9, replayer.sent(), sent, versionOf.size());
                }
            }
            // let the last labels be applied, served and committed
            Thread.sleep(4 * spec.checkpointIntervalOrDefault() + 2000);
        } finally {
            checkpoints.close();
            replayer.stop();
            replayer.close();
            LocalFlink_cancel(job);
        }

        List<long[]> slow = new ArrayList<>();
        List<Double> total = new ArrayList<>(), join = new ArrayList<>(), learn = new ArrayList<>(), serve = new ArrayList<>();
        NavigableMap<Long, Long> atLeast = new TreeMap<>(); // version -> min ts of SCORED with version >= it
        synchronized (firstScoredAt) {
            long min = Long.MAX_VALUE;
            for (Map.Entry<Long, Long> e : firstScoredAt.descendingMap().entrySet()) {
                min = Math.min(min, e.getValue());
                atLeast.put(e.getKey(), min);
            }
        }
        for (Map.Entry<String, Long> e : sentAt.entrySet()) {
            long[] v = versionOf.get(e.getKey());
            if (v == null) continue;
            Map.Entry<Long, Long> s = atLeast.ceilingEntry(v[0]);
            if (s == null) continue;
            total.add((double) (s.getValue() - e.getValue()));
            Long j = joinedAt.get(e.getKey());
            if (j != null) {
                join.add((double) (j - e.getValue()));
                learn.add((double) (v[1] - j));
            }
            serve.add((double) (s.getValue() - v[1]));
            slow.add(new long[] {s.getValue() - e.getValue(), j == null ? -1 : j - e.getValue(), j == null ? -1 : v[1] - j,
                    s.getValue() - v[1], checkpoints.sinceLast(e.getValue())});
        }
        slow.sort((a, b) -> Long.compare(b[0], a[0]));
        for (long[] x : slow.subList(0, Math.min(5, slow.size()))) {
            Results.log("    slow label: total %d ms (join %d, learn %d, serve %d), sent %d ms after a checkpoint trigger",
                    x[0], x[1], x[2], x[3], x[4]);
        }
        o.put("over200Ms", slow.stream().filter(x -> x[0] > 200).count());
        o.put("over200MsNearCheckpoint", slow.stream().filter(x -> x[0] > 200 && x[4] >= 0 && x[4] <= 300).count());
        o.put("hashBits", bits);
        o.put("weights", 2L * ((1L << bits) + 3 + 1));
        o.put("labelsSent", sent);
        o.put("labelsApplied", total.size());
        o.put("p50Ms", pct(total, 50));
        o.put("p90Ms", pct(total, 90));
        o.put("p99Ms", pct(total, 99));
        o.put("maxMs", pct(total, 100));
        o.put("sendToJoinedP50Ms", pct(join, 50));
        o.put("sendToJoinedP99Ms", pct(join, 99));
        o.put("joinedToPublishedP50Ms", pct(learn, 50));
        o.put("joinedToPublishedP99Ms", pct(learn, 99));
        o.put("publishedToServedP50Ms", pct(serve, 50));
        o.put("publishedToServedP99Ms", pct(serve, 99));
        Results.log("  latency hashBits=%d: %s", bits, o);
    }

    private static void LocalFlink_cancel(JobClient job) {
        io.triage.local.LocalFlink.cancel(job);
    }

    private static void parse(String v, java.util.function.Consumer<JsonNode> f) {
        try {
            f.accept(Json.MAPPER.readTree(v));
        } catch (Exception ignored) {
            // not JSON
        }
    }

    static double pct(List<Double> xs, double p) {
        if (xs.isEmpty()) return Double.NaN;
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, i))];
    }
}
