package io.triage.testkit.chaos;

import io.triage.local.LocalPorts;
import io.triage.testhooks.FaultSwitch;
import io.triage.local.EmbeddedKafka;
import io.triage.local.RecordReplayer;
import io.triage.local.RecordStream;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicFollower;
import io.triage.spec.JobSpec;

import java.io.IOException;
import java.io.PrintStream;
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
 * Scorer, the LabelJoiner or the Learner, on an element or pinned to a checkpoint phase; network faults between
 * the job and the broker through a {@link FlakyProxy}; a broker restart; and on a standalone cluster a
 * TaskManager killed — lets the job restart from its checkpoints, and then verifies the committed outputs with
 * {@link ExactlyOnceVerifier}, against the job's own outputs and against the replayer's and the team's own logs
 * of what they sent ({@link SendLog}). Where the job runs is a {@link ChaosCluster}: the schedule, the load and
 * the verification are the same for all.
 *
 * <p>The job's Kafka clients reach the broker only through the proxy (the broker advertises the proxy's port on
 * a second listener, {@link EmbeddedKafka.Proxied}); the replayer, the review team and the verifier use the
 * broker directly, so a network fault cuts the job off while the world around it carries on.
 */
public final class ChaosRun {
    /** One intrusion (a resend, a forged label, a forged review request, in turn) this often. */
    static final long INTRUSION_EVERY_MS = 1_000;
    /** Latency a NETWORK_DELAY adds to every chunk, and for how long. */
    static final long DELAY_MS = 250;
    static final long DELAY_FOR_MS = 3000;
    /** How long a NETWORK_STALL forwards nothing. */
    static final long STALL_FOR_MS = 3000;
    /** After the last decision, how long to wait at most for the outcomes of on-time labels still in flight. */
    static final Duration LABEL_OUTCOME_WAIT = Duration.ofSeconds(60);
    /** How long after its decision the simulated feed sends a record's truth. */
    static final long OUTCOME_DELAY_MS = 2_000;
    /** A LONG_STALL lasts the longest review deadline of the spec plus this. */
    static final long LONG_STALL_EXTRA_MS = 5000;

    /**
     * @param spec    job spec (bootstrap replaced by the proxy in front of the embedded broker)
     * @param stream  records to replay
     * @param records how many
     * @param rate    records per second
     * @param faults  how many failures of each kind
     * @param team    the simulated reviewers
     * @param seed    random seed of the failure schedule
     * @param timeout give up after this long
     * @param appealShare share of decisions a simulated customer appeals during the run (0: none; above 0 the
     *                    spec's appeals are turned on, and the verifier checks every appeal's one outcome)
     * @param outcomeShare share of records whose true class a simulated feed sends as an outcome two seconds after
     *                     the decision (0: none; above 0 the spec's outcomes are turned on, and the verifier checks
     *                     that each ends once, with the verdict the truth gives)
     */
    public record Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate,
                           FailureSchedule.Counts faults, ReviewTeam.Settings team, long seed, Duration timeout,
                           double appealShare, double outcomeShare) {
        public Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate,
                        FailureSchedule.Counts faults, ReviewTeam.Settings team, long seed, Duration timeout) {
            this(spec, stream, records, rate, faults, team, seed, timeout, 0, 0);
        }

        /** Operator failures, broker restarts and TaskManager kills only (the suite before network and checkpoint faults). */
        public Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, int failures,
                        int brokerRestarts, int taskManagerKills, ReviewTeam.Settings team, long seed, Duration timeout) {
            this(spec, stream, records, rate, new FailureSchedule.Counts(failures, brokerRestarts, taskManagerKills, 0, 0, 0),
                    team, seed, timeout);
        }

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
        int port = LocalPorts.free();
        int proxiedPort = LocalPorts.free();
        FlakyProxy proxy = new FlakyProxy(0, proxiedPort);
        EmbeddedKafka.Proxied proxied = new EmbeddedKafka.Proxied(proxiedPort, proxy.port());
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port, proxied);
        InjectedFailures injected = new InjectedFailures();
        SendLog log = new SendLog();
        Network network = new Network(proxy);
        ChaosCluster cluster = null;
        boolean keepDir = true; // for a look at the logs, unless everything went well
        try {
            // signed labels and review requests, as deployed; the keys file lives in the run directory
            JobSpec asked = s.spec();
            if (s.appealShare() > 0 && !asked.review().appeals().enabled()) {
                long reviewDeadline = asked.models().get(0).policy().reviewDeadlineMs();
                asked = asked.withReview(asked.review().withAppeals(new io.triage.spec.AppealSpec(3_600_000L, reviewDeadline, 1)));
            }
            if (s.outcomeShare() > 0 && !asked.review().outcomes().enabled()) {
                asked = asked.withReview(asked.review().withOutcomes(new io.triage.spec.OutcomeSpec(30L * 86_400_000L,
                        30_000L, null, 5_000L)));
            }
            io.triage.local.LocalKeys.Provisioned keys = io.triage.local.LocalKeys.provision(
                    asked.withKafka(asked.kafka().withBootstrap(kafka.bootstrapServers())), dir, s.team().reviewers());
            // the job through the proxy; everybody else straight to the broker
            JobSpec spec = keys.spec().withKafka(keys.spec().kafka().withBootstrap(kafka.proxiedBootstrapServers()));
            String bootstrap = kafka.bootstrapServers();
            long longStallMs = spec.models().stream().mapToLong(m -> m.policy().reviewDeadlineMs()).max().orElse(0)
                    + LONG_STALL_EXTRA_MS;
            kafka.createTopics(2, spec.kafka().topics().all());
            cluster = clusters.apply(dir);
            if (s.faults().taskManagerKills() > 0 && !cluster.canKillTaskManager()) {
                throw new IllegalArgumentException("a " + cluster.describe() + " has no TaskManager process to kill");
            }
            console.printf("[%5.0fs] starting the job on a %s (its Kafka clients through a proxy on port %d); run directory %s%n",
                    secs(start), cluster.describe(), proxy.port(), dir);
            cluster.submit(spec);
            RecordReplayer replayer = new RecordReplayer(bootstrap, spec.kafka().topics().records(), s.stream().get(),
                    s.rate(), s.records()).onSend(new RecordReplayer.SendListener() {
                        @Override
                        public void acknowledged(String id) {
                            log.recordSent(id);
                        }

                        @Override
                        public void failed(String id, Exception e) {
                            log.recordFailed(id, e);
                        }
                    });
            Set<String> decided = ConcurrentHashMap.newKeySet();
            Set<String> labelOutcomes = ConcurrentHashMap.newKeySet(); // record and annotator of LABELED or LABEL_REJECTED
            Set<String> appealsOpen = ConcurrentHashMap.newKeySet();   // accepted appeals without an outcome yet
            Set<String> truthEnded = ConcurrentHashMap.newKeySet();    // records whose sent outcome the job ended
            long answered;
            try (replayer;
                 ReviewTeam team = new ReviewTeam(bootstrap, spec.kafka().topics().reviewRequests(),
                         spec.kafka().topics().labels(), s.team(), id -> replayer.truth().get(id), keys.keys())
                         .onLabelSent((request, label, sentAt, error) -> {
                             if (error != null) log.labelFailed();
                             else log.labelSent(new SendLog.LabelSent(label.path("id").asText(),
                                     label.path("annotator").asText(), label.path("label").asText(), sentAt,
                                     request.path("deadline").asLong()));
                         }).start();
                 TopicFollower follow = new TopicFollower(bootstrap, spec.kafka().topics().decisions(),
                         v -> decided.add(io.triage.local.RecordIds.field(v, "recordId")));
                 TopicFollower outcomes = new TopicFollower(bootstrap, spec.kafka().topics().audit(),
                         v -> labelOutcome(v, labelOutcomes, appealsOpen, truthEnded));
                 io.triage.local.DemoAppellant appellant = s.appealShare() <= 0 ? null
                         : new io.triage.local.DemoAppellant(bootstrap, spec.kafka().topics().decisions(),
                                 spec.kafka().topics().appeals(), s.appealShare(), s.seed(), log::appealSent);
                 io.triage.local.DemoOutcomes truthFeed = s.outcomeShare() <= 0 ? null
                         : new io.triage.local.DemoOutcomes(bootstrap, spec.kafka().topics().decisions(),
                                 spec.kafka().topics().outcomes(), s.outcomeShare(), s.seed(), OUTCOME_DELAY_MS,
                                 id -> replayer.truth().get(id), log::outcomeSent)) {
                Thread feeder = new Thread(replayer, "replayer");
                feeder.setDaemon(true);
                feeder.start();
                // resends and forgeries mixed into the live stream, straight to the broker
                Intruder intruder = new Intruder(bootstrap, spec.kafka().topics().records(), spec.kafka().topics().labels(),
                        spec.kafka().topics().reviewRequests(), spec.models().get(0).id(),
                        s.team().reviewers().iterator().next(), log, INTRUSION_EVERY_MS, s.seed());
                Thread intruding = new Thread(intruder, "intruder");
                intruding.setDaemon(true);
                intruding.start();
                long sending = System.nanoTime(); // the schedule spreads the failures over the send time
                for (FailureSchedule.Failure f : FailureSchedule.plan(s.seed(), s.records() / s.rate(), s.faults())) {
                    sleepUntil(sending, f.atSeconds());
                    if (System.nanoTime() >= deadline) break;
                    cluster.checkAlive();
                    switch (f.kind()) {
                        case BROKER_RESTART -> {
                            console.printf("[%5.0fs] chaos: restarting the Kafka broker%n", secs(start));
                            kafka.close();
                            Thread.sleep(1000);
                            kafka = EmbeddedKafka.start(dir.resolve("kafka"), port, proxied);
                            injected.brokerRestart();
                        }
                        case TASKMANAGER_KILL -> {
                            long pid = cluster.killTaskManager();
                            injected.taskManagerKill();
                            console.printf("[%5.0fs] chaos: killed the TaskManager (SIGKILL, pid %d); a new one starts%n",
                                    secs(start), pid);
                        }
                        case OPERATOR, AFTER_CHECKPOINT, SNAPSHOT, ASYNC_SNAPSHOT -> {
                            console.printf("[%5.0fs] chaos: failing the %s in front of the %s%n", secs(start),
                                    describe(f.kind().phase()), f.target());
                            if (cluster.fail(f.target(), f.kind().phase())) {
                                if (f.kind() == FailureSchedule.Kind.OPERATOR) injected.operator(f.target());
                                else injected.injected(f.kind());
                            } else {
                                console.printf("[%5.0fs] chaos: no %s task tripped in time; not counted%n",
                                        secs(start), f.target());
                            }
                        }
                        case NETWORK_DELAY -> {
                            console.printf("[%5.0fs] chaos: %d ms added between job and broker for %d s%n",
                                    secs(start), DELAY_MS, DELAY_FOR_MS / 1000);
                            network.delay(DELAY_MS, DELAY_FOR_MS);
                            injected.injected(f.kind());
                        }
                        case NETWORK_DROP -> {
                            int n = proxy.dropAll();
                            console.printf("[%5.0fs] chaos: dropped all %d connections between job and broker%n",
                                    secs(start), n);
                            injected.injected(f.kind());
                        }
                        case NETWORK_STALL -> {
                            console.printf("[%5.0fs] chaos: nothing forwarded between job and broker for %d s%n",
                                    secs(start), STALL_FOR_MS / 1000);
                            network.stall(STALL_FOR_MS);
                            injected.injected(f.kind());
                        }
                        case LONG_STALL -> {
                            console.printf("[%5.0fs] chaos: nothing forwarded between job and broker for %d s "
                                    + "(longer than the review deadline; the team keeps answering)%n", secs(start),
                                    longStallMs / 1000);
                            long from = System.currentTimeMillis();
                            network.stall(longStallMs);
                            Thread.sleep(longStallMs);
                            log.longOutage(from, System.currentTimeMillis());
                            injected.injected(f.kind());
                        }
                    }
                }
                while (System.nanoTime() < deadline && !replayer.done()) Thread.sleep(200);
                intruder.close();
                intruding.join(5_000);
                console.printf("[%5.0fs] intruder: %d records resent, %d labels forged, %d review requests forged%n",
                        secs(start), log.resent().size(), log.forgedLabels().size(), log.forgedRequests().size());
                while (System.nanoTime() < deadline && !(replayer.done() && decided.size() >= replayer.sent())) {
                    Thread.sleep(1000);
                    cluster.checkAlive();
                    console.printf("[%5.0fs] sent %d, decided %d, labels answered %d, failures injected %d%n",
                            secs(start), replayer.sent(), decided.size(), team.answered(), injected.total());
                }
                // every accepted appeal must end (answered, or expired at its deadline): wait for those under review
                long appealsBy = Math.min(deadline, System.nanoTime() + Duration.ofMillis(
                        spec.review().appeals().deadlineMs() + 30_000).toNanos());
                while (appellant != null && !appealsOpen.isEmpty() && System.nanoTime() < appealsBy) {
                    console.printf("[%5.0fs] %d appeals under review%n", secs(start), appealsOpen.size());
                    Thread.sleep(1000);
                }
                if (appellant != null) console.printf("[%5.0fs] appellant: %d appeals sent%n", secs(start), appellant.sent());
                // every outcome sent must end joined or refused: the last ones wait out their delay first
                long truthBy = Math.min(deadline, System.nanoTime() + Duration.ofMillis(OUTCOME_DELAY_MS + 60_000).toNanos());
                Thread.sleep(truthFeed == null ? 0 : OUTCOME_DELAY_MS + 2_000);
                while (truthFeed != null && !truthEnded.containsAll(log.outcomes().keySet()) && System.nanoTime() < truthBy) {
                    console.printf("[%5.0fs] %d outcomes not ended yet%n", secs(start),
                            log.outcomes().keySet().stream().filter(id -> !truthEnded.contains(id)).count());
                    Thread.sleep(1000);
                }
                if (truthFeed != null) console.printf("[%5.0fs] ground truth: %d outcomes sent%n", secs(start), truthFeed.sent());
                // every label sent on time must end applied or rejected: wait (a while) for those still in flight
                long labelsBy = Math.min(deadline, System.nanoTime() + LABEL_OUTCOME_WAIT.toNanos());
                long waiting;
                while ((waiting = log.labels().stream().filter(l -> l.onTime()
                        && !labelOutcomes.contains(SendLog.key(l.recordId(), l.annotator()))).count()) > 0
                        && System.nanoTime() < labelsBy) {
                    console.printf("[%5.0fs] %d on-time labels without outcome yet%n", secs(start), waiting);
                    Thread.sleep(1000);
                }
                Thread.sleep(3 * spec.checkpointIntervalOrDefault()); // a late duplicate would show up now
                answered = team.answered();
            } finally {
                cluster.cancel();
            }
            console.println("verifying the committed outputs, and against what the replayer and the team sent…");
            ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(spec,
                    CommittedOutputs.read(kafka.bootstrapServers(), spec.kafka().topics()), log);
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
            network.close();
            proxy.close();
            kafka.close();
            if (keepDir) {
                console.println("run directory kept: " + dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    private static void labelOutcome(String auditEvent, Set<String> outcomes, Set<String> appealsOpen,
                                     Set<String> truthEnded) {
        if (!auditEvent.contains("LABEL") && !auditEvent.contains("APPEAL_") && !auditEvent.contains("OUTCOME_")) {
            return; // most of the trail: SCORED
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = io.triage.codec.Json.MAPPER.readTree(auditEvent);
            String type = n.path("type").asText();
            if (type.equals("LABELED") || type.equals("LABEL_REJECTED") || type.equals("APPEAL_UPHELD")
                    || type.equals("APPEAL_OVERTURNED")) {
                outcomes.add(SendLog.key(n.path("recordId").asText(), n.path("annotator").asText()));
            }
            if (type.equals("OUTCOME_JOINED") || type.equals("OUTCOME_REJECTED")) truthEnded.add(n.path("recordId").asText());
            String appealId = n.path("appealId").asText("");
            if (type.equals("APPEAL_RECEIVED")) appealsOpen.add(appealId);
            if (type.equals("APPEAL_UPHELD") || type.equals("APPEAL_OVERTURNED") || type.equals("APPEAL_EXPIRED")) {
                appealsOpen.remove(appealId);
            }
        } catch (java.io.IOException e) {
            // not an audit event the verifier reads either
        }
    }

    private static String describe(FaultSwitch.Phase p) {
        return switch (p) {
            case ELEMENT -> "next element";
            case AFTER_CHECKPOINT -> "hook right after the next checkpoint completes (notifyCheckpointComplete)";
            case SNAPSHOT -> "hook in snapshotState of the next checkpoint";
            case ASYNC_SNAPSHOT -> "hook's state write in the asynchronous part of the next checkpoint";
        };
    }

    /**
     * Timed network faults on the proxy, undone by a timer so the schedule goes on meanwhile; overlapping stalls
     * (or delays) end with the last of them.
     */
    private static final class Network implements AutoCloseable {
        private final FlakyProxy proxy;
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "chaos-network");
                    t.setDaemon(true);
                    return t;
                });
        private int stalls;
        private int delays;

        Network(FlakyProxy proxy) {
            this.proxy = proxy;
        }

        synchronized void stall(long ms) {
            stalls++;
            proxy.stall();
            timer.schedule(() -> {
                synchronized (this) {
                    if (--stalls == 0) proxy.resume();
                }
            }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        synchronized void delay(long delayMs, long ms) {
            delays++;
            proxy.delay(delayMs);
            timer.schedule(() -> {
                synchronized (this) {
                    if (--delays == 0) proxy.delay(0);
                }
            }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleepUntil(long start, double seconds) throws InterruptedException {
        long wait = (long) (seconds * 1000) - (long) ((System.nanoTime() - start) / 1e6);
        if (wait > 0) Thread.sleep(wait);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files: the OS cleans up what is left
        }
    }
}
