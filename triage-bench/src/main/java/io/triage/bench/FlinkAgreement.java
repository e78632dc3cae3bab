package io.triage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.RecordReplayer;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicFollower;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.testkit.chaos.ExactlyOnceVerifier;
import io.triage.spec.JobSpec;
import io.triage.spec.KafkaSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.ReviewSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's replay and the real Flink job on the same short stream, side by side: the job runs on an
 * in-process broker and MiniCluster with a perfect simulated reviewer; the replay runs the same classes with
 * the label delay the job showed (records scored between a record and its label). Same logic, same data:
 * the figures should agree up to the timing of labels.
 */
@Command(name = "flink-agreement", mixinStandardHelpOptions = true,
        description = "Run the learning benchmark's replay and the Flink job on the same stream and compare.")
public final class FlinkAgreement implements Callable<Integer> {
    @Option(names = "--stream", defaultValue = "hyperplane", description = "flights, digits, sea, hyperplane (default: ${DEFAULT-VALUE})")
    String stream;

    @Option(names = "--records", defaultValue = "8000", description = "records (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--rate", defaultValue = "200", description = "records per second into the job (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--target", defaultValue = "0.9", description = "target precision (default: ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--out", defaultValue = "bench-results", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FlinkAgreement()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions o = new BenchOptions();
        o.records = records;
        o.window = (int) Math.max(1, records);
        BenchStream bs = BenchStreams.create(stream, o);
        RunConfig cfg = RunConfig.guarantee(stream, target);
        ModelSpec spec = ReplayRun.specFor(cfg, bs.spec());

        Path dir = Files.createTempDirectory("triage-agreement");
        // one keys file for both: the replay draws the audits the job draws
        Path keys = io.triage.security.KeyFile.write(dir.resolve("keys.properties"), TEAM.reviewers());
        Figures flink = runFlink(bs, spec, dir, keys);
        o.labelDelay = (int) Math.round(flink.labelDelayRecords);
        o.keysFile = keys;
        WindowResult replay = new ReplayRun(bs, cfg, o).run().overall();

        String md = String.format(Locale.ROOT, """
                # Replay against the Flink job (%s, %,d records, target %.2f)

                The same records through the Flink job (in-process Kafka, MiniCluster, exactly-once outputs, a perfect
                simulated reviewer answering review requests) and through the benchmark's replay of the same classes
                with the job's observed label delay (median %,.0f records between a record and its label).

                | run | automation %% | realized precision %% | accuracy %% | labels %% |
                |---|---|---|---|---|
                | Flink job | %.2f | %.2f | %.2f | %.2f |
                | replay | %.2f | %.2f | %.2f | %.2f |

                The same classes in lockstep with the job (its committed labels in the order it applied them, through
                the policy the replay runs; the exactly-once verifier): model versions reproduced %,d, mismatched %,d;
                automated decisions replayed from the serving and policy versions they name %,d, mismatched %,d.
                %s

                Command: `bin/bench FlinkAgreement --stream %s --records %d --rate %.0f`
                """, stream, records, target, flink.labelDelayRecords,
                100 * flink.automation, 100 * flink.precision, 100 * flink.accuracy, 100 * flink.labelShare,
                100 * replay.automationRate(), 100 * replay.realizedPrecision(), 100 * replay.accuracy(),
                100 * replay.labelRate(), flink.lockstep.versionsReproduced(), flink.lockstep.versionsMismatched(),
                flink.lockstep.autoDecisions(), flink.lockstep.autoReplayMismatched(),
                flink.lockstep.versionsMismatched() + flink.lockstep.autoReplayMismatched() == 0
                        ? "So the two tables differ only by the timing of labels: given the job's, the replay decides alike."
                        : "THE REPLAY DISAGREES WITH THE JOB: " + String.join("; ", flink.lockstep.problems()),
                stream, records, rate);
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("agreement.md"), md);
        return 0;
    }

    private record Figures(double automation, double precision, double accuracy, double labelShare,
                           double labelDelayRecords, ExactlyOnceVerifier.Report lockstep) {}

    private static final ReviewTeam.Settings TEAM = ReviewTeam.Settings.of(4, 1.0, 2, 0.0, 1);

    private Figures runFlink(BenchStream bs, ModelSpec spec, Path dir, Path keys) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobSpec job = new JobSpec("agreement", new KafkaSpec(kafka.bootstrapServers(), "agreement", null, 2, null,
                    null), List.of(spec), new ReviewSpec(null, null, null, keys.toString(), true), 1000L, 1000, null);
            kafka.createTopics(2, job.kafka().topics().all());
            StreamExecutionEnvironment env = LocalFlink.environment(job, dir.resolve("checkpoints"), 2, -1);
            new TriageJob(job, new KafkaSources(job.kafka()), new KafkaSinks(job.kafka(), job.name())).build(env);
            JobClient client = env.executeAsync("triage-agreement");
            RecordReplayer replayer = new RecordReplayer(kafka.bootstrapServers(), job.kafka().topics().records(),
                    bs.open().get(), rate, records);
            Set<String> decided = ConcurrentHashMap.newKeySet();
            try (replayer;
                 ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), job.kafka().topics().reviewRequests(),
                         job.kafka().topics().labels(), TEAM, id -> replayer.truth().get(id),
                         io.triage.security.KeyRing.load(keys)).start();
                 TopicFollower f = new TopicFollower(kafka.bootstrapServers(), job.kafka().topics().decisions(),
                         v -> decided.add(io.triage.local.RecordIds.field(v, "recordId")))) {
                Thread feeder = new Thread(replayer, "replayer");
                feeder.start();
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (System.nanoTime() < deadline && !(replayer.done() && decided.size() >= replayer.sent())) {
                    Thread.sleep(1000);
                    System.out.printf("  [flink] sent %,d, decided %,d, labels %,d%n", replayer.sent(), decided.size(),
                            team.answered());
                }
            } finally {
                LocalFlink.cancel(client);
            }
            CommittedOutputs outs = CommittedOutputs.read(kafka.bootstrapServers(), job.kafka().topics());
            return figures(outs, replayer.truth(), ExactlyOnceVerifier.verify(job, outs));
        }
    }

    private Figures figures(CommittedOutputs outs, Map<String, String> truth, ExactlyOnceVerifier.Report lockstep) {
        long auto = 0, autoRight = 0, right = 0;
        for (JsonNode d : outs.decisions) {
            String t = truth.get(d.path("recordId").asText());
            if (t != null && t.equals(d.path("predicted").asText(null))) right++;
            if ("AUTO".equals(d.path("source").asText())) {
                auto++;
                if (d.path("decision").asText().equals(t)) autoRight++;
            }
        }
        // label delay in records: records scored between a record's SCORED event and its LABELED event
        List<Long> scoredTimes = new ArrayList<>();
        Map<String, Long> scoredAt = new HashMap<>();
        for (JsonNode a : outs.audit("SCORED")) {
            scoredTimes.add(a.path("ts").asLong());
            scoredAt.put(a.path("recordId").asText(), a.path("ts").asLong());
        }
        Collections.sort(scoredTimes);
        List<Long> delays = new ArrayList<>();
        for (JsonNode l : outs.audit("LABELED")) {
            Long s = scoredAt.get(l.path("recordId").asText());
            if (s == null) continue;
            delays.add((long) (rank(scoredTimes, l.path("ts").asLong()) - rank(scoredTimes, s)));
        }
        Collections.sort(delays);
        double n = outs.decisions.size();
        return new Figures(auto / n, auto == 0 ? Double.NaN : (double) autoRight / auto, right / n,
                outs.audit("LABELED").size() / n, delays.isEmpty() ? 0 : delays.get(delays.size() / 2), lockstep);
    }

    private static int rank(List<Long> sorted, long t) {
        int i = Collections.binarySearch(sorted, t);
        return i >= 0 ? i : -i - 1;
    }
}
