package io.triage.local.chaos;

import io.triage.local.EmbeddedKafka;
import io.triage.local.RecordReplayer;
import io.triage.local.RecordStream;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicFollower;
import io.triage.spec.JobSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fault-injection suite: streams records through the job on a real broker with a simulated review team
 * answering live, injects failures at random moments ({@link FailureSchedule}) — an exception in front of the
 * Scorer, the LabelJoiner or the Learner, a broker restart, and on a standalone cluster a TaskManager killed —
 * lets the job restart from its checkpoints, and then verifies the committed outputs with
 * {@link ExactlyOnceVerifier}. Where the job runs is a {@link ChaosCluster}: the schedule, the load and the
 * verification are the same for all.
 */
public final class ChaosRun {
    /**
     * @param spec             job spec (bootstrap replaced by the embedded broker)
     * @param stream           records to replay
     * @param records          how many
     * @param rate             records per second
     * @param failures         operator failures to inject (spread over Scorer, LabelJoiner, Learner)
     * @param brokerRestarts   broker restarts to inject
     * @param taskManagerKills TaskManager processes to kill (a cluster that has them only)
     * @param team             the simulated reviewers
     * @param seed             random seed of the failure schedule
     * @param timeout          give up after this long
     */
    public record Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, int failures,
                           int brokerRestarts, int taskManagerKills, ReviewTeam.Settings team, long seed,
                           Duration timeout) {
        /** Without TaskManager kills (a MiniCluster has no TaskManager process). */
        public Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, int failures,
                        int brokerRestarts, ReviewTeam.Settings team, long seed, Duration timeout) {
            this(spec, stream, records, rate, failures, brokerRestarts, 0, team, seed, timeout);
        }
    }

    /** The outcome: the verification report and what was injected. */
    public record Result(ExactlyOnceVerifier.Report report, String cluster, InjectedFailures injected,
                         long labelsAnswered, double seconds) {
        public int operatorFailures() {
            return injected.operators();
        }

        public int brokerRestarts() {
            return injected.brokerRestarts();
        }

        public int taskManagerKills() {
            return injected.taskManagerKills();
        }

        public String table() {
            return String.format(java.util.Locale.ROOT,
                    "Fault injection on a %s, %.0f s: %s; %d labels answered%n%s",
                    cluster, seconds, injected.describe(), labelsAnswered, report.table());
        }
    }

    private final Settings s;
    private final Function<Path, ChaosCluster> clusters;
    private final PrintStream console;

    /** On a MiniCluster in this JVM. */
    public ChaosRun(Settings settings, PrintStream console) {
        this(settings, dir -> new MiniClusterChaos(dir.resolve("checkpoints"), 2), console);
    }

    /** On the cluster {@code clusters} makes, given the run's working directory. */
    public ChaosRun(Settings settings, Function<Path, ChaosCluster> clusters, PrintStream console) {
        this.s = settings;
        this.clusters = clusters;
        this.console = console;
    }

    public Result run() throws Exception {
        long start = System.nanoTime();
        long deadline = start + s.timeout().toNanos();
        Path dir = Files.createTempDirectory("triage-chaos");
        int port = freePort();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
        InjectedFailures injected = new InjectedFailures();
        ChaosCluster cluster = null;
        boolean keepDir = true; // for a look at the logs, unless everything went well
        try {
            // signed labels and review requests, as deployed; the keys file lives in the run directory
            io.triage.local.LocalKeys.Provisioned keys = io.triage.local.LocalKeys.provision(
                    s.spec().withKafka(s.spec().kafka().withBootstrap(kafka.bootstrapServers())), dir, s.team().reviewers());
            JobSpec spec = keys.spec();
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(2, spec.kafka().topics().all());
            cluster = clusters.apply(dir);
            if (s.taskManagerKills() > 0 && !cluster.canKillTaskManager()) {
                throw new IllegalArgumentException("a " + cluster.describe() + " has no TaskManager process to kill");
            }
            console.printf("[%5.0fs] starting the job on a %s; run directory %s%n", secs(start), cluster.describe(), dir);
            cluster.submit(spec);
            RecordReplayer replayer = new RecordReplayer(bootstrap, spec.kafka().topics().records(), s.stream().get(),
                    s.rate(), s.records());
            Set<String> decided = ConcurrentHashMap.newKeySet();
            long answered;
            try (replayer;
                 ReviewTeam team = new ReviewTeam(bootstrap, spec.kafka().topics().reviewRequests(),
                         spec.kafka().topics().labels(), s.team(), id -> replayer.truth().get(id), keys.keys()).start();
                 TopicFollower follow = new TopicFollower(bootstrap, spec.kafka().topics().decisions(),
                         v -> decided.add(io.triage.local.RecordIds.field(v, "recordId")))) {
                Thread feeder = new Thread(replayer, "replayer");
                feeder.setDaemon(true);
                feeder.start();
                long sending = System.nanoTime(); // the schedule spreads the failures over the send time
                for (FailureSchedule.Failure f : FailureSchedule.plan(s.seed(), s.records() / s.rate(), s.failures(),
                        s.brokerRestarts(), s.taskManagerKills())) {
                    sleepUntil(sending, f.atSeconds());
                    if (System.nanoTime() >= deadline) break;
                    cluster.checkAlive();
                    switch (f.kind()) {
                        case BROKER_RESTART -> {
                            console.printf("[%5.0fs] chaos: restarting the Kafka broker%n", secs(start));
                            kafka.close();
                            Thread.sleep(1000);
                            kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
                            injected.brokerRestart();
                        }
                        case TASKMANAGER_KILL -> {
                            long pid = cluster.killTaskManager();
                            injected.taskManagerKill();
                            console.printf("[%5.0fs] chaos: killed the TaskManager (SIGKILL, pid %d); a new one starts%n",
                                    secs(start), pid);
                        }
                        case OPERATOR -> {
                            console.printf("[%5.0fs] chaos: failing the next element in front of the %s%n",
                                    secs(start), f.target());
                            if (cluster.failOperator(f.target())) {
                                injected.operator(f.target());
                            } else {
                                console.printf("[%5.0fs] chaos: no %s task tripped in time; not counted%n",
                                        secs(start), f.target());
                            }
                        }
                    }
                }
                while (System.nanoTime() < deadline && !(replayer.done() && decided.size() >= replayer.sent())) {
                    Thread.sleep(1000);
                    cluster.checkAlive();
                    console.printf("[%5.0fs] sent %d, decided %d, labels answered %d, failures injected %d%n",
                            secs(start), replayer.sent(), decided.size(), team.answered(), injected.total());
                }
                Thread.sleep(3 * spec.checkpointIntervalMs()); // a late duplicate would show up now
                answered = team.answered();
            } finally {
                cluster.cancel();
            }
            console.println("verifying the committed outputs…");
            ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(spec,
                    CommittedOutputs.read(kafka.bootstrapServers(), spec.kafka().topics()));
            keepDir = !report.ok();
            return new Result(report, cluster.describe(), injected, answered, secs(start));
        } finally {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (RuntimeException e) {
                    keepDir = true;
                    console.println("warning: " + e.getMessage());
                }
            }
            kafka.close();
            if (keepDir) {
                console.println("run directory kept: " + dir);
            } else {
                deleteQuietly(dir);
            }
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
