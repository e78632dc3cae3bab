package io.triage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.TriageJob;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Route;
import io.triage.event.Record;
import io.triage.event.InvalidInputException;
import io.triage.codec.Json;
import io.triage.kafka.KafkaSinks;
import io.triage.stage.DeduplicateRecords;
import io.triage.stage.JoinKey;
import io.triage.stage.ParseRecords;
import io.triage.stage.Tags;
import io.triage.kafka.KafkaSources;
import io.triage.path.RecordParser;
import io.triage.local.EmbeddedKafka;
import io.triage.local.RecordReplayer;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Part 2: full-job throughput on a real broker. A batch of N TransactionsGenerator records is pre-filled,
 * then drained by (a) a pass-through job (same KafkaSource, RecordParser, transactional KafkaSink writing
 * one Decision per record, no scoring or learning), (b) the Triage job from cold start (every record becomes
 * a COLD_START review request), (c) the Triage job restored from a savepoint of a run whose model automates
 * (warmed up with a simulated review team), on a fresh batch. A record counts as drained when its committed
 * output is visible: a decision (AUTO) or a review request — the job's whole output for that record.
 */
final class ThroughputPart {
    private ThroughputPart() {}

    static void run(Results res, long n) throws Exception {
        Path tmp = Files.createTempDirectory("bench-throughput-");
        ObjectNode sec = res.section("throughput");
        sec.put("records", n);
        sec.put("parallelism", 2);
        JobSpec base = SpecLoader.loadNamed("fraud").withCheckpointInterval(2_000L); // as the figures were taken
        sec.put("checkpointIntervalMs", base.checkpointIntervalOrDefault());
        long timeout = Math.max(240, n / 1000);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bs = kafka.bootstrapServers();
            // (a) + (b) read the same pre-filled topic with their own consumer groups
            JobSpec cold = BenchEnv.spec(base, bs, "cold-");
            kafka.createTopics(2, cold.kafka().topics().all());
            prefill(bs, cold.kafka().topics().records(), n, 1, "c-");

            JobSpec pt = BenchEnv.spec(base, bs, "pt-");
            pt = pt.withKafka(pt.kafka().withTopics(new io.triage.spec.TopicsSpec(cold.kafka().topics().records(),
                    "pt-labels", "pt-decisions", "pt-review-requests", "pt-audit", "pt-models", "pt-metrics", "pt-dead-letter")));
            kafka.createTopics(2, pt.kafka().topics().all());
            BenchEnv.Drain pass = passThrough(pt, bs, tmp, n, timeout);
            JobSpec fl = BenchEnv.spec(base, bs, "floor-");
            fl = fl.withKafka(fl.kafka().withTopics(new io.triage.spec.TopicsSpec(cold.kafka().topics().records(),
                    "floor-labels", "floor-decisions", "floor-review-requests", "floor-audit", "floor-models", "floor-metrics", "floor-dead-letter")));
            kafka.createTopics(2, fl.kafka().topics().all());
            BenchEnv.Drain floor = contractFloor(fl, bs, tmp, n, timeout);
            BenchEnv.Drain coldRun = triage("triage-cold", cold, bs, tmp.resolve("cp-cold"), null, n, "c-", timeout, null);

            // (c) warm: a review loop until the model automates, stop with a savepoint, pre-fill, restore
            JobSpec warm = withStaleLease(BenchEnv.spec(base, bs, "warm-"), n);
            kafka.createTopics(2, warm.kafka().topics().all());
            ObjectNode warmInfo = sec.putObject("warmup");
            String savepoint = warmUp(warm, bs, tmp, warmInfo);
            prefill(bs, warm.kafka().topics().records(), n, 2, "w-");
            long[] split = new long[2];
            BenchEnv.Drain warmRun = triage("triage-warm", warm, bs, tmp.resolve("cp-warm2"), savepoint, n, "w-", timeout, split);

            res.md("## 2. Full-job throughput on Kafka (MiniCluster, parallelism 2)\n");
            res.md(Results.f("Pre-filled %,d TransactionsGenerator records (2 partitions), embedded KRaft broker in the same JVM, "
                    + "checkpoints every %d ms (EXACTLY_ONCE sinks commit at checkpoints). Drained = committed decision "
                    + "or committed review request visible to a read_committed reader. *wall* = N / (submit → last record "
                    + "committed), job start-up included; *steady* = records between the first and the last visible commit / "
                    + "that span (granularity: one checkpoint interval).\n", n, base.checkpointIntervalOrDefault()));
            res.md("| job | wall s | first commit at s | wall rec/s | steady rec/s | ratio to pass-through (steady) "
                    + "| process CPU µs per record (steady) | pass-through's CPU ÷ this |");
            res.md("|---|---|---|---|---|---|---|---|");
            ObjectNode runs = sec.putObject("runs");
            for (BenchEnv.Drain d : List.of(pass, floor, coldRun, warmRun)) {
                ObjectNode o = runs.putObject(d.name());
                o.put("seconds", d.secondsFromSubmit());
                o.put("firstCommitSeconds", d.firstOutputSeconds());
                o.put("lastCommitSeconds", d.lastOutputSeconds());
                o.put("wallRecordsPerSec", d.wallRate());
                o.put("steadyRecordsPerSec", d.steadyRate());
                o.put("ratioWall", d.wallRate() / pass.wallRate());
                o.put("ratioSteady", d.steadyRate() / pass.steadyRate());
                o.put("ratioToFloorSteady", d.steadyRate() / floor.steadyRate());
                o.put("cpuMicrosPerRecord", d.cpuMicrosPerRecord());
                o.put("ratioCpu", pass.cpuMicrosPerRecord() / d.cpuMicrosPerRecord());
                res.md(Results.f("| %s | %.1f | %.1f | %,.0f | %,.0f | %.2f (wall %.2f) | %.1f | %.2f |", d.name(),
                        d.secondsFromSubmit(), d.firstOutputSeconds(), d.wallRate(), d.steadyRate(),
                        d.steadyRate() / pass.steadyRate(), d.wallRate() / pass.wallRate(), d.cpuMicrosPerRecord(),
                        pass.cpuMicrosPerRecord() / d.cpuMicrosPerRecord()));
            }
            res.md(Results.f("\n*contract-floor*: the pass-through plus what every record costs whatever its route (keyed "
                    + "dedupe in RocksDB, one audit event). Triage to it (steady): cold %.2f, warm %.2f.\n",
                    coldRun.steadyRate() / floor.steadyRate(), warmRun.steadyRate() / floor.steadyRate()));
            runs.with("triage-warm").put("autoDecisions", split[0]);
            runs.with("triage-warm").put("reviewRequests", split[1]);
            res.md(Results.f("\nWarm run: %,d AUTO decisions, %,d review requests (REVIEW/AUDIT) of %,d; warm-up: %s.\n"
                    + "Target: Triage ≥ 0.8 × pass-through.\n", split[0], split[1], n, warmInfo.toString()));
            res.save();
        } finally {
            deleteQuietly(tmp);
        }
    }

    static void prefill(String bootstrap, String topic, long n, long seed, String idPrefix) {
        long t = System.nanoTime();
        TransactionsGenerator g = new TransactionsGenerator(seed);
        try (KafkaProducer<String, String> p = KafkaBits.producer(bootstrap)) {
            for (long i = 0; i < n; i++) {
                String json = g.next().json().replace("\"id\":\"tx-", "\"id\":\"" + idPrefix);
                p.send(new ProducerRecord<>(topic, idPrefix + i, json));
            }
            p.flush();
        }
        Results.log("  pre-filled %,d records into %s in %.1f s", n, topic, (System.nanoTime() - t) / 1e9);
    }

    /** Same source, parse (decode and features) and transactional sink as the Triage job, one Decision per record, nothing else. */
    static final class PassThrough extends ProcessFunction<String, Decision> {
        private final JobSpec spec;
        private transient RecordParser parser;

        PassThrough(JobSpec spec) {
            this.spec = spec;
        }

        @Override
        public void open(OpenContext ctx) {
            parser = new RecordParser(spec);
        }

        @Override
        public void processElement(String raw, Context ctx, Collector<Decision> out) {
            long now = ctx.timerService().currentProcessingTime();
            try {
                Record r = parser.parse(raw, now);
                out.collect(new Decision(r.id(), r.model(), "legit", DecisionSource.AUTO, Route.AUTO, "legit", 1.0,
                        0, 0, null, r.ts(), now, now));
            } catch (InvalidInputException e) {
                // never for generated records
            }
        }
    }

    static BenchEnv.Drain passThrough(JobSpec spec, String bs, Path tmp, long n, long timeout) throws Exception {
        StreamExecutionEnvironment env = BenchEnv.env(spec, tmp.resolve("cp-pt"), 2, null);
        new KafkaSources(spec.kafka()).records(env)
                .process(new PassThrough(spec))
                .uid("pass-through").name("decode + Decision")
                .sinkTo(new KafkaSinks(spec.kafka(), spec.name()).decisions()).uid("sink-decisions").name("decisions");
        return drainDecisions("pass-through", env, spec, bs, n, timeout);
    }

    /** Runs a job until {@code n} decisions are committed, then cancels it. */
    private static BenchEnv.Drain drainDecisions(String name, StreamExecutionEnvironment env, JobSpec spec, String bs,
                                                 long n, long timeout) throws Exception {
        try (KafkaBits.Follower out = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().decisions()), null, null)) {
            long t0 = System.nanoTime();
            JobClient job = env.executeAsync(name);
            try {
                return BenchEnv.drain(name, job, t0, out::count, n, timeout);
            } finally {
                io.triage.local.LocalFlink.cancel(job);
            }
        }
    }

    /**
     * What the job's contracts ask of every record whatever its route, and nothing else: decided once (keyed by id
     * through the job's own {@link DeduplicateRecords}, RocksDB state) and one audit event beside its decision. The
     * ratio of Triage to this, next to the ratio to the pass-through, tells the routing and review work apart from
     * the floor that exactly-once and the audit trail set.
     */
    static BenchEnv.Drain contractFloor(JobSpec spec, String bs, Path tmp, long n, long timeout) throws Exception {
        StreamExecutionEnvironment env = BenchEnv.env(spec, tmp.resolve("cp-floor"), 2, null);
        SingleOutputStreamOperator<Decision> decided = new KafkaSources(spec.kafka()).records(env)
                .process(new ParseRecords(spec)).uid("parse-records").name("parse records")
                .keyBy(r -> JoinKey.of(r.model(), r.id()), Types.STRING)
                .process(new DeduplicateRecords(spec.duplicateRetentionMs())).uid("deduplicate-records").name("deduplicate records")
                .process(new DecideAndAudit()).uid("decide").name("decide + SCORED");
        KafkaSinks sinks = new KafkaSinks(spec.kafka(), spec.name());
        decided.sinkTo(sinks.decisions()).uid("sink-decisions").name("decisions");
        decided.getSideOutput(Tags.AUDIT).sinkTo(sinks.audit()).uid("sink-audit").name("audit");
        return drainDecisions("contract-floor", env, spec, bs, n, timeout);
    }

    /** An AUTO decision and its SCORED event, as the Scorer writes them for an automated record, without a model. */
    static final class DecideAndAudit extends ProcessFunction<Record, Decision> {
        @Override
        public void processElement(Record r, Context ctx, Collector<Decision> out) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.SCORED, r.id(), r.model(), 1, 1, now)
                    .withRoute(Route.AUTO, "legit", 1.0).with(b -> b.labelWeight(1.0)));
            out.collect(new Decision(r.id(), r.model(), "legit", DecisionSource.AUTO, Route.AUTO, "legit", 1.0,
                    1, 1, null, r.ts(), now, now));
        }
    }

    static BenchEnv.Drain triage(String name, JobSpec spec, String bs, Path cp, String restore, long n, String idPrefix,
                                 long timeout, long[] split) throws Exception {
        StreamExecutionEnvironment env = BenchEnv.env(spec, cp, 2, restore);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name())).build(env);
        String marker = "\"recordId\":\"" + idPrefix;
        try (KafkaBits.Follower dec = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().decisions()), v -> v.contains(marker), null);
             KafkaBits.Follower rev = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().reviewRequests()), v -> v.contains(marker), null)) {
            long t0 = System.nanoTime();
            JobClient job = env.executeAsync(name);
            try {
                BenchEnv.Drain d = BenchEnv.drain(name, job, t0, () -> dec.count() + rev.count(), n, timeout);
                if (split != null) {
                    split[0] = dec.count();
                    split[1] = rev.count();
                }
                return d;
            } finally {
                io.triage.local.LocalFlink.cancel(job);
            }
        }
    }

    /** Runs the review loop until a published model automates (threshold ≤ 1) and then 10 s more; returns a savepoint. */
    /**
     * The warm batch is drained with nobody answering, so no policy update reaches the Scorers; the stale lease
     * (2,000 automated records per subtask by default) would then send all but the first 4,000 records to review and
     * measure the review path again. The warm job lifts it to the batch size to measure the automated path.
     */
    static JobSpec withStaleLease(JobSpec spec, long lease) {
        List<io.triage.spec.ModelSpec> models = spec.models().stream()
                .map(m -> m.withPolicy(m.policy().toBuilder().staleLease(lease).build())).toList();
        return spec.withModels(models);
    }

    /** Share of a metrics window automated from which the warm-up counts the model as warm. */
    static final double WARM_AUTOMATION = 0.5;
    /** The longest warm-up. */
    static final long WARM_UP_SECONDS = 240;

    static String warmUp(JobSpec spec, String bs, Path tmp, ObjectNode info) throws Exception {
        StreamExecutionEnvironment env = BenchEnv.env(spec, tmp.resolve("cp-warm1"), 2, null);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name())).build(env);
        AtomicReference<JsonNode> lastModel = new AtomicReference<>();
        AtomicReference<JsonNode> lastMetrics = new AtomicReference<>();
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync("triage-warmup");
        RecordReplayer replayer = new RecordReplayer(bs, spec.kafka().topics().records(), new TransactionsGenerator(11), 2000, 0);
        try (KafkaBits.Follower models = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().models()), null, r -> {
                 try {
                     lastModel.set(Json.MAPPER.readTree(r.value()));
                 } catch (Exception ignored) {
                     // not JSON: ignore
                 }
             });
             KafkaBits.Follower metrics = new KafkaBits.Follower(bs, List.of(spec.kafka().topics().metrics()), null, r -> {
                 try {
                     lastMetrics.set(Json.MAPPER.readTree(r.value()));
                 } catch (Exception ignored) {
                     // not JSON: ignore
                 }
             });
             ReviewTeam team = new ReviewTeam(bs, spec.kafka().topics().reviewRequests(), spec.kafka().topics().labels(),
                     ReviewTeam.Settings.of(8, 1.0, 0, 0, 5), id -> replayer.truth().get(id),
                     io.triage.security.KeyRing.forFile(spec.review().keysFile())).start()) {
            Thread feeder = new Thread(replayer, "warmup-replayer");
            feeder.setDaemon(true);
            feeder.start();
            long automatingSince = -1;
            while (true) {
                Thread.sleep(1000);
                JsonNode m = lastModel.get();
                double thr = m == null ? Double.NaN : m.path("threshold").asDouble(Double.NaN);
                long now = System.nanoTime();
                JsonNode w = lastMetrics.get();
                double auto = w == null ? 0 : w.path("automationRate").asDouble(0);
                Results.log("  [warm-up %4.0fs] sent %,d, labels answered %,d, model v%s, threshold %s, automated %.0f%%",
                        (now - t0) / 1e9, replayer.sent(), team.answered(), m == null ? "-" : m.path("version").asText(),
                        Double.isNaN(thr) ? "-" : Results.f("%.3f", thr), 100 * auto);
                if (thr <= 1.0 && automatingSince < 0) automatingSince = now;
                // an alarm turns automation off until a certificate is won again: "automating for 10 s" means now
                if (!(thr <= 1.0)) automatingSince = -1;
                // "warm" means mostly automated: a first certified threshold automates a sliver, so go on until a
                // metrics window automates most records, or for at most WARM_UP_SECONDS with whatever it reached
                boolean mostly = auto >= WARM_AUTOMATION;
                boolean late = now - t0 > WARM_UP_SECONDS * 1_000_000_000L;
                if (automatingSince > 0 && (mostly || late) && now - automatingSince > 10_000_000_000L) break;
                if (late && automatingSince < 0) throw new IllegalStateException("model not automating after "
                        + WARM_UP_SECONDS + " s of warm-up");
            }
            replayer.stop();
            feeder.join(5000);
            Thread.sleep(3000);
            // the Learner lags the team: without this wait the warm run would apply the rest of the warm-up's labels
            // (and measure the label path beside the warm batch)
            info.put("labelsDrainedSeconds", awaitQuietModels(lastModel));
            JsonNode m = lastModel.get();
            info.put("seconds", (System.nanoTime() - t0) / 1e9);
            info.put("recordsSent", replayer.sent());
            info.put("labels", team.answered());
            info.put("modelVersion", m.path("version").asLong());
            double handedOver = m.path("threshold").asDouble(Double.NaN);
            info.put("threshold", handedOver);
            boolean automating = handedOver <= 1.0;
            info.put("automatingAtHandover", automating);
            if (!automating) {
                // the last labels raised an alarm: the warm run would measure the review path, and says so
                Results.log("  WARNING: the warm-up ended with automation off (an alarm while the last labels were "
                        + "applied): the warm run measures reviews, see its AUTO count");
            }
            JsonNode w = lastMetrics.get();
            info.put("lastWindowAutomation", w == null ? 0 : w.path("automationRate").asDouble(0));
        } finally {
            replayer.close();
        }
        String sp = job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
        job.getJobExecutionResult().exceptionally(t -> null).get();
        Results.log("  warm-up done: %s; savepoint %s", info, sp);
        return sp;
    }

    /** The longest wait for the Learner to apply the warm-up's last labels. */
    static final long DRAIN_SECONDS = 120;

    /**
     * Waits until no new model version has been published for 3 s (every label the Learner applies publishes one),
     * at most {@link #DRAIN_SECONDS}; returns the seconds waited.
     */
    static double awaitQuietModels(AtomicReference<JsonNode> lastModel) throws InterruptedException {
        long t0 = System.nanoTime(), quietSince = t0;
        String last = String.valueOf(lastModel.get() == null ? null : lastModel.get().path("version").asText());
        while (System.nanoTime() - quietSince < 3_000_000_000L && System.nanoTime() - t0 < DRAIN_SECONDS * 1_000_000_000L) {
            Thread.sleep(250);
            String v = String.valueOf(lastModel.get() == null ? null : lastModel.get().path("version").asText());
            if (!v.equals(last)) {
                last = v;
                quietSince = System.nanoTime();
            }
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        Results.log("  warm-up: models quiet after %.1f s (version %s)", waited, last);
        return waited;
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temp dir
        }
    }
}
