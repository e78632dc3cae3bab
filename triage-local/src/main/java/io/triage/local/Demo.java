package io.triage.local;

import java.util.ArrayList;
import io.triage.gateway.ReviewerTokens;
import io.triage.gateway.Gateway;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.TriageJob;
import io.triage.codec.Json;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.spec.JobSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The embedded default: a real Kafka broker in this JVM, a local Flink MiniCluster running the Triage job,
 * a record replayer and a simulated review team; prints live progress and ends with a summary, leaving the
 * committed outputs as JSON lines in the output directory.
 */
public final class Demo {
    /**
     * @param spec          job spec (its Kafka bootstrap is replaced by the embedded broker's)
     * @param stream        the records to replay, built lazily
     * @param records       records to send (≤ 0: the whole stream)
     * @param rate          records per second (≤ 0: as fast as possible)
     * @param maxDuration   stop after this long even if not done
     * @param team          the simulated reviewers
     * @param out           output directory
     * @param kafkaPort     broker port (0: any free one)
     * @param webUiPort     Flink web UI port (0: any free one, -1: none; see {@link LocalFlink})
     * @param gatewayPort   review gateway and console port for a person to label beside the team (0: any free
     *                      one, -1: no gateway)
     * @param parallelism   job parallelism
     * @param summaryWindow records per window of the summary's window table
     * @param summaryMinAutomated automated decisions a window needs to be judged against the target
     * @param appealShare   share of decisions a simulated customer appeals (0: none; above 0 appeals are turned on
     *                      for the run if the spec has them off)
     * @param outcomeShare  share of records whose true class is later sent as an outcome (0: none; above 0 outcomes
     *                      are turned on for the run if the spec has them off)
     * @param outcomeDelayMs how long after its decision a record's outcome is sent
     * @param manifest      what the run is (command line, dataset, seed), for the summary
     */
    public record Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, Duration maxDuration,
                           ReviewTeam.Settings team, Path out, int kafkaPort, int webUiPort, int parallelism,
                           int summaryWindow, int summaryMinAutomated, int gatewayPort, double appealShare,
                           double outcomeShare, long outcomeDelayMs, RunManifest manifest) {
        public Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, Duration maxDuration,
                        ReviewTeam.Settings team, Path out, int kafkaPort, int webUiPort, int parallelism,
                        int summaryWindow, int summaryMinAutomated, int gatewayPort, double appealShare,
                        double outcomeShare, long outcomeDelayMs) {
            this(spec, stream, records, rate, maxDuration, team, out, kafkaPort, webUiPort, parallelism, summaryWindow,
                    summaryMinAutomated, gatewayPort, appealShare, outcomeShare, outcomeDelayMs,
                    RunManifest.of("unnamed", team.seed()));
        }

        public Settings(JobSpec spec, Supplier<RecordStream> stream, long records, double rate, Duration maxDuration,
                        ReviewTeam.Settings team, Path out, int kafkaPort, int webUiPort, int parallelism,
                        int summaryWindow, int summaryMinAutomated, int gatewayPort, double appealShare) {
            this(spec, stream, records, rate, maxDuration, team, out, kafkaPort, webUiPort, parallelism, summaryWindow,
                    summaryMinAutomated, gatewayPort, appealShare, 0, 0, RunManifest.of("unnamed", team.seed()));
        }
    }

    /** The annotator id of the person who labels through the demo's gateway. */
    public static final String HUMAN = "you";

    private final Settings s;
    private final PrintStream console;
    private volatile boolean stopRequested;

    public Demo(Settings settings, PrintStream console) {
        this.s = settings;
        this.console = console;
    }

    /** Ask a running demo to stop (Ctrl-C): it still shuts everything down and writes its summary. */
    public void requestStop() {
        stopRequested = true;
    }

    public DemoMonitor.Figures run() throws Exception {
        Files.createDirectories(s.out());
        long start = System.nanoTime();
        console.println("Triage demo → output in " + s.out().toAbsolutePath());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, s.kafkaPort())) {
            // the simulated team signs its labels and the job its review requests, with keys written for this run
            boolean gateway = s.gatewayPort() >= 0;
            JobSpec base = s.spec().withKafka(s.spec().kafka().withBootstrap(kafka.bootstrapServers()));
            List<String> annotators = new ArrayList<>(s.team().reviewers());
            if (gateway) {
                base = base.withReview(base.review().withAnnotator(HUMAN));
                annotators.add(HUMAN);
            }
            if (s.appealShare() > 0 && !base.review().appeals().enabled()) {
                // customers appeal within the hour; an appeal review gets the spec's review deadline
                long deadline = base.models().get(0).policy().reviewDeadlineMs();
                base = base.withReview(base.review().withAppeals(new io.triage.spec.AppealSpec(3_600_000L, deadline, 1)));
            }
            if (s.outcomeShare() > 0 && !base.review().outcomes().enabled()) {
                // truth is kept for 30 days; the windows it is held in are half a minute of decisions here
                base = base.withReview(base.review().withOutcomes(new io.triage.spec.OutcomeSpec(30L * 86_400_000L,
                        30_000L, null, null)));
            }
            LocalKeys.Provisioned keys = LocalKeys.provision(base, s.out(), annotators);
            JobSpec spec = keys.spec();
            kafka.createTopics(spec.kafka().partitions(), spec.kafka().topics().all());
            console.println("Kafka broker (KRaft, in-process) on " + kafka.bootstrapServers());
            console.println("Keys file (reviewers' and job keys; labels " + (spec.review().requireSignatures()
                    ? "must be signed" : "are signed") + ") " + keys.file().toAbsolutePath());

            StreamExecutionEnvironment env = LocalFlink.environment(spec, s.out().resolve("checkpoints"),
                    s.parallelism(), s.webUiPort());
            new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name())).build(env);
            JobClient job = env.executeAsync("triage-" + spec.name());
            console.println("Flink job " + job.getJobID() + " submitted to the local MiniCluster"
                    + (s.webUiPort() >= 0 ? "; web UI at http://127.0.0.1:" + s.webUiPort() : ""));

            Gateway reviewGateway = null;
            if (gateway) {
                Map<String, String> tokens = ReviewerTokens.write(s.out().resolve("tokens.properties"), List.of(HUMAN));
                reviewGateway = Gateway.start(spec, keys.keys(), ReviewerTokens.load(s.out().resolve("tokens.properties")),
                        Gateway.Settings.local(s.gatewayPort()));
                console.println("Reviewer console: http://127.0.0.1:" + reviewGateway.port() + "/  — sign in as '" + HUMAN
                        + "' with the token " + tokens.get(HUMAN) + " (also in " + s.out().resolve("tokens.properties")
                        + "); the simulated team labels the rest");
            }

            RecordStream stream = s.stream().get();
            RecordReplayer replayer = new RecordReplayer(kafka.bootstrapServers(), spec.kafka().topics().records(),
                    stream, s.rate(), s.records());
            DemoMonitor.Figures last;
            try (replayer;
                 ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), spec.kafka().topics().reviewRequests(),
                         spec.kafka().topics().labels(), s.team(), id -> replayer.truth().get(id), keys.keys()).start();
                 DemoMonitor monitor = new DemoMonitor(kafka.bootstrapServers(), spec.kafka().topics(), s.out(),
                         replayer.truth(), replayer.index());
                 DemoAppellant appellant = s.appealShare() <= 0 ? null : new DemoAppellant(kafka.bootstrapServers(),
                         spec.kafka().topics().decisions(), spec.kafka().topics().appeals(), s.appealShare(),
                         s.team().seed());
                 DemoOutcomes outcomes = s.outcomeShare() <= 0 ? null : new DemoOutcomes(kafka.bootstrapServers(),
                         spec.kafka().topics().decisions(), spec.kafka().topics().outcomes(), s.outcomeShare(),
                         s.team().seed(), s.outcomeDelayMs(), id -> replayer.truth().get(id))) {
                Thread feeder = new Thread(replayer, "replayer");
                feeder.setDaemon(true);
                feeder.start();
                long deadline = start + s.maxDuration().toNanos();
                long lastSent = 0;
                long lastTick = System.nanoTime();
                while (!stopRequested && System.nanoTime() < deadline
                        && !(replayer.done() && monitor.decided() + monitor.recordsRejected() >= replayer.sent())) {
                    Thread.sleep(2000);
                    long now = System.nanoTime();
                    long sent = replayer.sent();
                    double rate = (sent - lastSent) / ((now - lastTick) / 1e9);
                    lastSent = sent;
                    lastTick = now;
                    console.println(progress((now - start) / 1e9, sent, rate, monitor.figures(), team));
                    monitor.flush();
                }
                // every record is decided: the last ones' truth comes after its delay, then the job must judge it
                long truthDue = System.nanoTime() + Duration.ofMillis(s.outcomeDelayMs() + 3_000).toNanos();
                while (outcomes != null && !stopRequested && System.nanoTime() < deadline
                        && (System.nanoTime() < truthDue || monitor.outcomes().ended() < outcomes.sent())) {
                    Thread.sleep(500);
                }
                replayer.stop();
                LocalFlink.cancel(job);
                monitor.awaitScored(Duration.ofSeconds(10));
                monitor.close(); // the output files are complete: the window table reads them back
                last = monitor.figures();
                WindowTable windows = windowTable();
                double secs = (System.nanoTime() - start) / 1e9;
                writeSummary(last, replayer.sent(), secs, team, stream, windows, spec);
                console.println(summary(last, replayer.sent(), secs, team, stream.skippedLines(), windows));
                DemoMonitor.CorrectionFigures c = monitor.corrections();
                if (team.corrected() > 0 || c.total() > 0) {
                    console.printf(Locale.ROOT, "corrections: the reviewers corrected %d of their answers; the job "
                                    + "amended %d decisions (each relabelling the model), %d decisions stood, %d open "
                                    + "votes replaced%n",
                            team.corrected(), c.amendedDecisions(), c.decisionStands(), c.voteReplaced());
                }
                if (appellant != null) {
                    DemoMonitor.AppealFigures a = monitor.appeals();
                    console.printf(Locale.ROOT, "appeals: %d sent, %d accepted, %d refused; %d overturned (%d amended "
                                    + "decisions), %d upheld, %d expired unanswered, %d still under review%n",
                            appellant.sent(), a.received(), a.rejected(), a.overturned(), monitor.amended(), a.upheld(),
                            a.expired(), a.received() - a.overturned() - a.upheld() - a.expired());
                }
                if (outcomes != null) {
                    DemoMonitor.OutcomeFigures o = monitor.outcomes();
                    console.printf(Locale.ROOT, "outcomes: %d sent, %d joined, %d refused; of automated decisions %d "
                                    + "(%s right, on a random share), %d known errors taken by the Learner; windows "
                                    + "contradicting the promise: %d%n",
                            outcomes.sent(), o.joined(), o.rejected(), o.automated(),
                            o.automated() == 0 ? "–" : fmt(1 - (double) o.automatedWrong() / o.automated()),
                            o.knownErrors(), o.contradictions());
                }
            } finally {
                if (reviewGateway != null) reviewGateway.close();
            }
            return last;
        }
    }

    static String progress(double secs, long sent, double rate, DemoMonitor.Figures f, ReviewTeam team) {
        return String.format(Locale.ROOT,
                "[%5.0fs] sent %d (%.0f rec/s) | decided %d | auto %.1f%% | precision est %s (LB %s) realized %s"
                        + " | labels %d | backlog %d | model v%d | threshold %s | audit %s | drift %d",
                secs, sent, rate, f.decided(), 100 * f.automationRate(), fmt(f.estimatedPrecision()),
                fmt(f.precisionLowerBound()), fmt(f.realizedPrecision()), f.labels(), f.backlog(), f.modelVersion(),
                Double.isNaN(f.threshold()) ? "off" : fmt(f.threshold()), fmt(f.auditRate()), f.driftAlarms());
    }

    private WindowTable windowTable() {
        WindowTable.Settings w = new WindowTable.Settings(s.spec().models().get(0).policy().targetPrecision(),
                s.summaryWindow(), s.summaryMinAutomated());
        try {
            return RunOutputs.read(s.out()).windowTable(w);
        } catch (RuntimeException e) {
            // the rest of the summary is still worth having
            console.println("window table unavailable: could not read the outputs back: " + e.getMessage());
            return WindowTable.of(w, List.of(), Map.of(), List.of());
        }
    }

    private String summary(DemoMonitor.Figures f, long sent, double secs, ReviewTeam team, SkippedLines skipped,
                           WindowTable windows) {
        double target = s.spec().models().get(0).policy().targetPrecision();
        StringBuilder b = new StringBuilder("\nSummary\n");
        row(b, "records sent", Long.toString(sent));
        row(b, "records decided", f.decided() + (f.duplicates() > 0 ? " (DUPLICATES: " + f.duplicates() + ")" : ""));
        row(b, "  automated", f.auto() + String.format(Locale.ROOT, " (%.1f%%)", 100 * f.automationRate()));
        row(b, "  by reviewers", Long.toString(f.human()));
        row(b, "  expired", Long.toString(f.expired()));
        row(b, "realized precision (auto)", fmt(f.realizedPrecision()) + " (target " + target + ")");
        row(b, "estimated precision (auto)", fmt(f.estimatedPrecision()) + ", lower bound " + fmt(f.precisionLowerBound()));
        row(b, "model accuracy (routing time)", fmt(f.modelAccuracy()));
        row(b, "labels applied", Long.toString(f.labels()));
        row(b, "reviewer answers / wrong", team.answered() + " / " + team.wrongAnswers());
        row(b, "model version", Long.toString(f.modelVersion()));
        row(b, "threshold / audit rate", (Double.isNaN(f.threshold()) ? "off" : fmt(f.threshold())) + " / " + fmt(f.auditRate()));
        row(b, "drift alarms", Long.toString(f.driftAlarms()));
        row(b, "rejected labels / inputs", f.labelsRejected() + " / " + f.inputsRejected());
        row(b, "wall time", String.format(Locale.ROOT, "%.0f s", secs));
        row(b, "output", s.out().toAbsolutePath().toString());
        if (skipped.total() > 0) b.append("  ").append(skipped.report()).append('\n'); // not sent, not silently
        b.append('\n').append(windows.text());
        return b.toString();
    }

    private void writeSummary(DemoMonitor.Figures f, long sent, double secs, ReviewTeam team, RecordStream stream,
                              WindowTable windows, JobSpec spec) {
        SkippedLines skipped = stream.skippedLines();
        ObjectNode o = Json.MAPPER.valueToTree(f);
        o.put("records", sent);
        o.put("automationRate", f.automationRate());
        o.put("targetPrecision", s.spec().models().get(0).policy().targetPrecision());
        o.put("model", s.spec().models().get(0).id());
        o.put("reviewerAnswers", team.answered());
        o.put("reviewerWrongAnswers", team.wrongAnswers());
        o.put("wallSeconds", secs);
        o.put("synthetic", false);
        o.put("skippedLines", skipped.total());
        o.set("skippedReasons", Json.MAPPER.valueToTree(skipped.byReason()));
        o.put("windowSize", windows.settings().size());
        o.put("windowMinAutomated", windows.settings().minAutomated());
        o.put("windowsCounted", windows.windowsCounted());
        o.put("windowsBelowTarget", windows.windowsBelowTarget());
        o.put("windowRecords", windows.records());
        o.set("oracleAutomation", Json.MAPPER.valueToTree(windows.oracleAutomation()));
        o.set("automationToOracle", Json.MAPPER.valueToTree(windows.automationToOracle()));
        o.set("windows", Json.MAPPER.valueToTree(windows.windows()));
        o.set("manifest", s.manifest().toJson(spec, stream, s.team()));
        try {
            Path tmp = s.out().resolve("summary.json.tmp");
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            Files.move(tmp, s.out().resolve("summary.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append(String.format(Locale.ROOT, "  %-32s %s%n", k, v));
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
    }

    /** Runs a demo until done, stopping cleanly on Ctrl-C (the JVM waits for the clean-up). */
    public static DemoMonitor.Figures runWithShutdownHook(Demo demo) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "triage-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo.run();
        } finally {
            finished.countDown();
        }
    }
}
