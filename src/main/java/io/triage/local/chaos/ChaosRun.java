package io.triage.local.chaos;

import io.triage.TriageJob;
import io.triage.io.KafkaSinks;
import io.triage.io.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.RecordReplayer;
import io.triage.local.RecordStream;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicFollower;
import io.triage.spec.JobSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The fault-injection suite: streams records through the job on a real broker and a MiniCluster with a
 * simulated review team answering live, injects failures at random moments — an exception in front of the
 * Scorer, the LabelJoiner or the Learner, or a broker restart — lets the job restart from its checkpoints,
 * and then verifies the committed outputs with {@link ExactlyOnceVerifier}.
 */
public final class ChaosRun {
    /**
     * @param spec            job spec (bootstrap replaced by the embedded broker)
     * @param stream          records to replay
     * @param records         how many
     * @param rate            records per second
     * @param failures        operator failures to inject (spread over Scorer, LabelJoiner, Learner)
     * @param brokerRestarts  broker restarts to inject
     * @param team            the simulated reviewers
     * @param seed            random seed of the failure schedule
     * @param timeout         give up after this long
     */
    public record Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, int failures,
                           int brokerRestarts, ReviewTeam.Settings team, long seed, Duration timeout) {}

    /** The outcome: the verification report and what was injected. */
    public record Result(ExactlyOnceVerifier.Report report, long operatorFailures, int brokerRestarts,
                         long labelsAnswered, double seconds) {
        public String table() {
            return String.format(java.util.Locale.ROOT,
                    "Fault injection: %d operator failures and %d broker restarts injected in %.0f s; %d labels answered%n%s",
                    operatorFailures, brokerRestarts, seconds, labelsAnswered, report.table());
        }
    }

    private final Settings s;
    private final PrintStream console;

    public ChaosRun(Settings settings, PrintStream console) {
        this.s = settings;
        this.console = console;
    }

    public Result run() throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("triage-chaos");
        int port = freePort();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
        int restarts = 0;
        long tripped0 = FaultSwitch.tripped();
        try {
            JobSpec spec = s.spec().withKafka(s.spec().kafka().withBootstrap(kafka.bootstrapServers()));
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(2, spec.kafka().topics().all());
            StreamExecutionEnvironment env = LocalFlink.environment(spec, dir.resolve("checkpoints"), 2, -1);
            new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name()),
                    FaultSwitch.hooks()).build(env);
            JobClient job = env.executeAsync("triage-chaos");
            RecordReplayer replayer = new RecordReplayer(bootstrap, spec.kafka().topics().records(), s.stream().get(),
                    s.rate(), s.records());
            Set<String> decided = ConcurrentHashMap.newKeySet();
            long answered;
            try (replayer;
                 ReviewTeam team = new ReviewTeam(bootstrap, spec.kafka().topics().reviewRequests(),
                         spec.kafka().topics().labels(), s.team(), id -> replayer.truth().get(id)).start();
                 TopicFollower follow = new TopicFollower(bootstrap, spec.kafka().topics().decisions(),
                         v -> decided.add(io.triage.local.RecordIds.field(v, "recordId")))) {
                Thread feeder = new Thread(replayer, "replayer");
                feeder.setDaemon(true);
                feeder.start();
                // failures at random moments while records flow: the schedule spreads them over the send time
                double sendSeconds = s.records() / s.rate();
                int total = s.failures() + s.brokerRestarts();
                Random rnd = new Random(s.seed());
                FaultSwitch.Target[] targets = FaultSwitch.Target.values();
                int brokerLeft = s.brokerRestarts();
                long deadline = start + s.timeout().toNanos();
                for (int i = 0; i < total && System.nanoTime() < deadline; i++) {
                    double at = sendSeconds * (i + 0.5 + (rnd.nextDouble() - 0.5) * 0.8) / total;
                    sleepUntil(start, at);
                    boolean broker = brokerLeft > 0 && (rnd.nextInt(total - i) < brokerLeft);
                    if (broker) {
                        brokerLeft--;
                        console.printf("[%5.0fs] chaos: restarting the Kafka broker%n", secs(start));
                        kafka.close();
                        Thread.sleep(1000);
                        kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
                        restarts++;
                    } else {
                        FaultSwitch.Target t = targets[i % targets.length];
                        console.printf("[%5.0fs] chaos: failing the next element in front of the %s%n", secs(start), t);
                        FaultSwitch.arm(t);
                        long until = System.nanoTime() + 30_000_000_000L;
                        while (FaultSwitch.armed() && System.nanoTime() < until) Thread.sleep(50);
                        FaultSwitch.arm(null);
                    }
                }
                while (System.nanoTime() < deadline && !(replayer.done() && decided.size() >= replayer.sent())) {
                    Thread.sleep(1000);
                    console.printf("[%5.0fs] sent %d, decided %d, labels answered %d, failures injected %d%n",
                            secs(start), replayer.sent(), decided.size(), team.answered(),
                            FaultSwitch.tripped() - tripped0 + restarts);
                }
                Thread.sleep(3 * spec.checkpointIntervalMs()); // a late duplicate would show up now
                answered = team.answered();
            } finally {
                LocalFlink.cancel(job);
            }
            console.println("verifying the committed outputs…");
            ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(spec,
                    CommittedOutputs.read(kafka.bootstrapServers(), spec.kafka().topics()));
            return new Result(report, FaultSwitch.tripped() - tripped0, restarts, answered, secs(start));
        } finally {
            kafka.close();
            deleteQuietly(dir);
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleepUntil(long start, double seconds) throws InterruptedException {
        long wait = (long) (seconds * 1000) - (long) ((System.nanoTime() - start) / 1e6);
        if (wait > 0) Thread.sleep(wait);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files: the OS cleans up what is left
        }
    }
}
