package io.triage.testkit.cli;

import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.testkit.chaos.ChaosRun;
import io.triage.testkit.chaos.FailureSchedule;
import io.triage.testkit.chaos.StandaloneChaos;
import io.triage.spec.JobSpec;
import io.triage.spec.PolicySpec;
import io.triage.spec.SpecLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** The long fault-injection suite: failures at random moments, then the exactly-once verification. */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream records through the job with a live review team, inject operator failures, failures "
                + "pinned to checkpoint phases, network faults between the job and the broker, and broker restarts (and "
                + "with --standalone TaskManager kills), and verify the committed outputs, also against what the "
                + "replayer and the review team sent (exit 1 if anything was lost or duplicated, or an honest label "
                + "rejected).",
        footer = {"", "By default the job runs on a MiniCluster in this JVM. With --standalone it runs as deployed: the "
                + "shaded job jar (triage-job/target/triage-*.jar; bin/triage builds it when missing or older than the sources) "
                + "is uploaded to a standalone Flink session cluster whose JobManager and TaskManager are separate JVMs "
                + "on 127.0.0.1; operator failures reach the TaskManager through files in a shared directory "
                + "(`run --test-hook-dir`), and the TaskManager is killed with SIGKILL and replaced."})
public final class ChaosCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--records", defaultValue = "100000", description = "records (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--rate", defaultValue = "500", description = "records per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--failures", defaultValue = "20", description = "operator failures (default: ${DEFAULT-VALUE})")
    int failures;

    @Option(names = "--checkpoint-failures", defaultValue = "12", description = "failures pinned to checkpoint phases, "
            + "in turn right after notifyCheckpointComplete, in snapshotState, and in the asynchronous snapshot "
            + "(default: ${DEFAULT-VALUE})")
    int checkpointFailures;

    @Option(names = "--network-faults", defaultValue = "18", description = "network faults between the job and the "
            + "broker (through a proxy), in turn: 250 ms delay for 3 s, all connections dropped, 3 s stall "
            + "(default: ${DEFAULT-VALUE})")
    int networkFaults;

    @Option(names = "--long-stalls", defaultValue = "0", description = "stalls of the network between job and broker "
            + "longer than the review deadline while the team keeps answering (default: ${DEFAULT-VALUE}; labels sent "
            + "on time must still be applied)")
    int longStalls;

    @Option(names = "--broker-restarts", defaultValue = "2", description = "Kafka broker restarts (default: ${DEFAULT-VALUE})")
    int brokerRestarts;

    @Option(names = "--standalone", description = "run the job on a standalone cluster (JobManager and TaskManager "
            + "JVMs) and also kill the TaskManager")
    boolean standalone;

    @Option(names = "--taskmanager-kills", paramLabel = "N", description = "TaskManager kills, --standalone only "
            + "(default: 3 with --standalone)")
    Integer taskManagerKills;

    @Option(names = "--job-jar", paramLabel = "JAR", description = "--standalone: the shaded job jar "
            + "(default: the newest triage-job/target/triage-*.jar)")
    Path jobJar;

    @Option(names = "--seed", defaultValue = "1", description = "seed of records and failure schedule (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "give up after (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--appeal-share", defaultValue = "0", description = "share of decisions a simulated customer "
            + "appeals during the run; the verifier checks each appeal's one outcome (default: ${DEFAULT-VALUE})")
    double appealShare;

    @Option(names = "--outcome-share", defaultValue = "0", description = "share of records whose true class a "
            + "simulated feed sends as an outcome 2 s after the decision, 0-1 (turns outcomes on; default: ${DEFAULT-VALUE})")
    double outcomeShare;

    @Option(names = "--correction-share", defaultValue = "0.5", description = "of a reviewer's wrong answers, the "
            + "share they correct a moment later; the verifier matches each amending correction with its amended "
            + "decision and replays the relabel (default: ${DEFAULT-VALUE})")
    double correctionShare;

    @Override
    public Integer call() throws Exception {
        int kills = taskManagerKills != null ? taskManagerKills : standalone ? 3 : 0;
        if (kills > 0 && !standalone) {
            throw new ParameterException(spec.commandLine(), "--taskmanager-kills needs --standalone (a MiniCluster "
                    + "runs in this JVM: there is no TaskManager process to kill)");
        }
        ChaosRun.Settings settings = new ChaosRun.Settings(chaosSpec(), () -> new TransactionsGenerator(seed, records / 2, -1),
                records, rate, new FailureSchedule.Counts(failures, brokerRestarts, kills, checkpointFailures, networkFaults,
                longStalls), ReviewTeam.Settings.of(4, 0.98, 5, 0.01, seed).withCorrections(correctionShare), seed, timeout, appealShare, outcomeShare);
        ChaosRun run;
        if (standalone) {
            Path jar = jobJar != null ? jobJar : findJobJar();
            Path conf = Path.of("conf");
            if (!Files.isRegularFile(conf.resolve("config.yaml"))) {
                throw new IllegalStateException("no conf/config.yaml here: run from the project directory (bin/triage does)");
            }
            System.out.println("job jar: " + jar);
            run = new ChaosRun(settings, dir -> new StandaloneChaos(conf, jar, dir, 2), System.out);
        } else {
            run = new ChaosRun(settings, System.out);
        }
        ChaosRun.Result r = run.run();
        System.out.println(r.table());
        return r.report().ok() ? 0 : 1;
    }

    /** The shaded jar `mvn package` leaves in triage-job/target/ (not original-*, the unshaded one, nor -tests). */
    static Path findJobJar() throws IOException {
        Path target = Path.of("triage-job", "target");
        List<Path> jars = List.of();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                jars = files.filter(p -> p.getFileName().toString().matches("triage-[0-9][^/]*\\.jar") && !p.getFileName().toString().endsWith("-tests.jar"))
                        .sorted(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed()).toList();
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no job jar triage-job/target/triage-*.jar: build it with `mvn -DskipTests package` "
                    + "(bin/triage chaos --standalone does this for you), or pass --job-jar");
        }
        return jars.get(0);
    }

    /** The fraud spec with a review deadline short enough for the run to end soon after the last record. */
    public static JobSpec chaosSpec() {
        // explicit: the standalone chaos cluster runs conf/config.yaml, whose interval would otherwise apply
        JobSpec base = SpecLoader.loadNamed("fraud").withCheckpointInterval(2_000L);
        return base.withName("chaos").withCheckpointInterval(1000L).mapModels(m -> m.withPolicy(PolicySpec.builder()
                .targetPrecision(0.9).auditRate(m.policy().auditRate()).minEvidence(100.0).reviewDeadlineMs(20_000L).build()));
    }
}
