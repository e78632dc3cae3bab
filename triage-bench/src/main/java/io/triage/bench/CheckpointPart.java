package io.triage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Decision;
import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.codec.Json;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.stage.JoinKey;
import io.triage.stage.LabelJoiner;
import io.triage.TriageJob;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Part 4: checkpoint size and duration with many pending review requests in LabelJoiner state (RocksDB,
 * incremental, as TriageJob.configuration sets). A MiniCluster job feeds N ReviewRequests (fraud records,
 * one-day deadline, no labels) into the LabelJoiner (parallelism 2); once all are processed a checkpoint is
 * triggered and its figures are read from the REST API (/jobs/:id/checkpoints).
 */
final class CheckpointPart {
    private CheckpointPart() {}

    static final int TEMPLATES = 1000;

    /** Builds request i from one of a thousand fraud records (features JSON, sparse vector, scores). */
    static final class Requests implements GeneratorFunction<Long, ReviewRequest> {
        private transient ReviewRequest[] templates;

        @Override
        public ReviewRequest map(Long i) throws Exception {
            if (templates == null) templates = templates();
            ReviewRequest t = templates[(int) (i % TEMPLATES)];
            long now = System.currentTimeMillis();
            return new ReviewRequest("p-" + i, t.model(), t.ts(), t.features(), t.indices(), t.values(), t.predicted(),
                    t.classes(), t.scores(), t.confidence(), t.reason(), t.priority(), now + 86_400_000L, 42, 3, 1.0, now, null);
        }
    }

    static ReviewRequest[] templates() throws Exception {
        JobSpec spec = SpecLoader.loadNamed("fraud");
        var parser = new io.triage.path.RecordParser(spec);
        TransactionsGenerator g = new TransactionsGenerator(99);
        ReviewRequest[] out = new ReviewRequest[TEMPLATES];
        for (int i = 0; i < TEMPLATES; i++) {
            var v = parser.parse(g.next().json(), 0);
            out[i] = new ReviewRequest(v.id(), v.model(), v.ts(), v.features(), v.indices(), v.values(), "legit",
                    new String[] {"fraud", "legit"}, new double[] {0.3, 0.7}, 0.7, Route.REVIEW, 0.6, 0, 42, 3, 1.0, 0, null);
        }
        return out;
    }

    static void run(Results res, long n) throws Exception {
        Path tmp = Files.createTempDirectory("bench-checkpoint-");
        JobSpec spec = SpecLoader.loadNamed("fraud").withCheckpointInterval(3_600_000L); // only the triggered one
        Configuration c = TriageJob.configuration(spec);
        c.setString("execution.checkpointing.storage", "filesystem");
        c.setString("execution.checkpointing.dir", tmp.resolve("cp").toUri().toString());
        c.setString("rest.bind-address", "127.0.0.1");
        c.setString("rest.address", "127.0.0.1");
        c.setString("rest.port", "0");
        c.setString("jobmanager.bind-host", "127.0.0.1");
        c.setString("taskmanager.bind-host", "127.0.0.1");
        c.setString("taskmanager.host", "127.0.0.1");
        c.setString("taskmanager.memory.managed.size", "256m");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        DataStream<ReviewRequest> requests = env.fromSource(new DataGeneratorSource<>(new Requests(), n,
                        TypeInformation.of(ReviewRequest.class)), WatermarkStrategy.noWatermarks(), "requests")
                .uid("gen-requests");
        // never-ending, (almost) empty label input keeps the job running after the requests are all in
        DataStream<Label> labels = env.fromSource(new DataGeneratorSource<>(i -> new Label("none-" + i, "fraud", "legit",
                        "alice", 0L, "e-" + i), Long.MAX_VALUE, RateLimiterStrategy.perSecond(0.01),
                        TypeInformation.of(Label.class)), WatermarkStrategy.noWatermarks(), "labels").uid("gen-labels");
        requests.keyBy(JoinKey.ofRequest()).connect(labels.keyBy(JoinKey.ofLabel()))
                .process(new LabelJoiner(spec)).uid("label-joiner").name("LabelJoiner")
                .sinkTo(new DiscardingSink<Decision>()).uid("sink").name("discard");
        JobGraph graph = env.getStreamGraph().getJobGraph();

        MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder().setConfiguration(c)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build();
        ObjectNode sec = res.section("checkpoint");
        try (MiniCluster cluster = new MiniCluster(mc)) {
            cluster.start();
            String rest = cluster.getRestAddress().get().toString();
            HttpClient http = HttpClient.newHttpClient();
            var jobId = cluster.submitJob(graph).get().getJobID();
            long t0 = System.nanoTime();
            String joinerVertex = null;
            long in = 0;
            long lastTick = t0;
            long lastIn = 0;
            boolean sourceDone = false;
            // all requests are in the joiner's state once it has read them (the bounded source may not report
            // FINISHED while the never-ending label source keeps the job running)
            while (!sourceDone && in < n) {
                Thread.sleep(1000);
                JsonNode job = get(http, rest + "/jobs/" + jobId);
                for (JsonNode v : job.path("vertices")) {
                    if (v.path("name").asText().contains("requests")) sourceDone = v.path("status").asText().equals("FINISHED");
                    if (v.path("name").asText().contains("LabelJoiner")) {
                        joinerVertex = v.path("id").asText();
                        in = v.path("metrics").path("read-records").asLong();
                    }
                }
                long now = System.nanoTime();
                if (in != lastIn || sourceDone) Results.log("  [checkpoint %5.1fs] LabelJoiner read %,d / %,d (metrics lag ~10 s; %,.0f rec/s)%s",
                        (now - t0) / 1e9, in, n, (in - lastIn) / ((now - lastTick) / 1e9), sourceDone ? ", source finished" : "");
                lastIn = in;
                lastTick = now;
                if (now - t0 > 600_000_000_000L) throw new IllegalStateException("requests not all in state after 600 s");
            }
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000); // the joiner drains its input buffers (EndOfPartition follows the last request)
            long tc = System.nanoTime();
            String path = cluster.triggerCheckpoint(jobId).get();
            double triggerToDone = (System.nanoTime() - tc) / 1e9;
            Thread.sleep(1500);
            JsonNode cps = get(http, rest + "/jobs/" + jobId + "/checkpoints");
            JsonNode last = cps.path("latest").path("completed");
            JsonNode details = get(http, rest + "/jobs/" + jobId + "/checkpoints/details/" + last.path("id").asText());
            JsonNode joiner = details.path("tasks").path(joinerVertex);
            long stateSize = last.path("state_size").asLong();
            long checkpointed = last.path("checkpointed_size").asLong();
            long joinerSize = joiner.path("state_size").asLong(joiner.path("checkpointed_size").asLong());
            long e2e = last.path("end_to_end_duration").asLong();
            long dirBytes = dirSize(tmp.resolve("cp"));
            cluster.cancelJob(jobId).get();

            sec.put("pendingReviews", n);
            sec.put("fillSeconds", fillSeconds);
            sec.put("fillRecordsPerSec", n / fillSeconds);
            sec.put("checkpointPath", path);
            sec.put("stateSizeBytes", stateSize);
            sec.put("checkpointedSizeBytes", checkpointed);
            sec.put("labelJoinerStateBytes", joinerSize);
            sec.put("checkpointDirBytes", dirBytes);
            sec.put("bytesPerPendingReview", (double) joinerSize / n);
            sec.put("endToEndDurationMs", e2e);
            sec.put("triggerToCompleteSeconds", triggerToDone);
            sec.set("restLatest", last);
            sec.set("joinerTaskStats", joiner);
            res.md("## 4. Checkpoint with pending review requests in LabelJoiner state (RocksDB, incremental)\n");
            res.md(Results.f("%,d ReviewRequests (fraud records: features JSON, sparse vector, 2 scores; one-day deadline, "
                            + "so each also has a RocksDB timer), parallelism 2, filled in %.1f s (%,.0f rec/s). "
                            + "First (hence full) checkpoint triggered by hand:\n", n, fillSeconds, n / fillSeconds));
            res.md("| figure | value |");
            res.md("|---|---|");
            res.md(Results.f("| checkpoint state size (all operators) | %,d bytes |", stateSize));
            res.md(Results.f("| checkpointed size (this increment) | %,d bytes |", checkpointed));
            res.md(Results.f("| LabelJoiner state size | %,d bytes |", joinerSize));
            res.md(Results.f("| **bytes per pending review** | **%.0f** |", (double) joinerSize / n));
            res.md(Results.f("| end-to-end duration (REST) | %,d ms |", e2e));
            res.md(Results.f("| trigger → complete (client) | %.2f s |", triggerToDone));
            res.md(Results.f("| checkpoint directory on disk | %,d bytes |", dirBytes));
            res.md("");
            res.save();
        } finally {
            ThroughputPart.deleteQuietly(tmp);
        }
    }

    static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    static long dirSize(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
