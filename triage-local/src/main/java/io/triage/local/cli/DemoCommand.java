package io.triage.local.cli;

import io.triage.local.LocalPorts;
import io.triage.local.CsvDatasetReplayer;
import io.triage.local.Demo;
import io.triage.local.FlightsReplayer;
import io.triage.local.JsonlDatasetReplayer;
import io.triage.local.RecordStream;
import io.triage.local.ReviewTeam;
import io.triage.local.RunManifest;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The one-command embedded demo. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the whole loop on this machine: an in-process Kafka broker, a local Flink cluster "
                + "with the web UI, a record replayer and a simulated review team.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec cli;

    @Option(names = "--dataset", defaultValue = "flights",
            description = "flights (bundled 200k US flights, 2001), fraud (synthetic transactions with drift), "
                    + "digits, a path to a UCI-style CSV, or your own stream: a path to a .jsonl (or .jsonl.gz) file "
                    + "of records messages with the true class in --truth-field (both need --spec) "
                    + "(default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--truth-field", defaultValue = "label",
            description = "--dataset FILE.jsonl: the field holding the true class; taken off before the record "
                    + "is sent, so the job never sees it (default: ${DEFAULT-VALUE})")
    String truthField;

    @Option(names = "--spec", description = "job spec file or bundled name (default: the dataset's)")
    String spec;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "override a spec field, validated like the file (repeatable): "
                    + "--set models[0].policy.targetPrecision=0.97")
    java.util.List<String> set = new java.util.ArrayList<>();

    @Option(names = "--records", defaultValue = "20000", description = "records to replay, 0 = all (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--rate", defaultValue = "200", description = "records per second, 0 = unthrottled (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "PT15M", description = "stop after this long, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--drift-at", defaultValue = "10000", description = "fraud dataset: record index of the concept change, -1 = none (default: ${DEFAULT-VALUE})")
    long driftAt;

    @Option(names = "--reviewers", defaultValue = "4", description = "simulated reviewers (default: ${DEFAULT-VALUE})")
    int reviewers;

    @Option(names = "--reviewer-accuracy", split = ",", defaultValue = "0.98",
            description = "probability a reviewer gives the true class; one value or one per reviewer (default: ${DEFAULT-VALUE})")
    double[] accuracy;

    @Option(names = "--review-delay-ms", defaultValue = "20", description = "mean time a reviewer takes per request (default: ${DEFAULT-VALUE})")
    double reviewDelayMs;

    @Option(names = "--correction-share", defaultValue = "0.5",
            description = "of a reviewer's wrong answers, the share they notice and correct a moment later (the job "
                    + "amends the decision and relabels the model) (default: ${DEFAULT-VALUE})")
    double correctionShare;

    @Option(names = "--skip-share", defaultValue = "0.01", description = "share of requests nobody answers (they expire) (default: ${DEFAULT-VALUE})")
    double skipShare;

    @Option(names = "--out", description = "output directory (default: triage-out/run-<time>, linked as triage-out/latest)")
    Path out;

    @Option(names = "--kafka-port", defaultValue = "0", description = "broker port, 0 = any free (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--gateway", description = "also start the review gateway and its console, so that you can label "
            + "beside the simulated team (it prints the address and your token)")
    boolean gateway;

    @Option(names = "--gateway-port", defaultValue = "8090", description = "port of the gateway, 0 = any free "
            + "(default: ${DEFAULT-VALUE})")
    int gatewayPort;

    @Option(names = "--appeal-share", defaultValue = "0", description = "share of decisions a simulated customer "
            + "appeals, 0-1 (turns appeals on for the run; default: ${DEFAULT-VALUE})")
    double appealShare;

    @Option(names = "--outcome-share", defaultValue = "0", description = "share of records whose true class a "
            + "simulated feed later sends as an outcome (late ground truth), 0-1 (turns outcomes on for the run; "
            + "default: ${DEFAULT-VALUE})")
    double outcomeShare;

    @Option(names = {"--outcome-delay-ms", "--outcome-delay"}, defaultValue = "5000", description = "how long after its decision a "
            + "record's outcome is sent (default: ${DEFAULT-VALUE})")
    long outcomeDelayMs;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "Flink web UI port, 0 = any free, -1 = off (default: ${DEFAULT-VALUE})")
    int webUiPort;

    @Option(names = "--no-web-ui", description = "no Flink web UI port (the same as --web-ui-port -1; the "
            + "MiniCluster's own REST endpoint still binds a random, unannounced loopback port)")
    boolean noWebUi;

    @Option(names = "--summary-window", defaultValue = "2000",
            description = "records per window of the summary's window table (default: ${DEFAULT-VALUE})")
    int summaryWindow;

    @Option(names = "--summary-min-automated", defaultValue = "50",
            description = "automated decisions a window needs to be judged against the target (default: ${DEFAULT-VALUE})")
    int summaryMinAutomated;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--seed", defaultValue = "7", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        checkDataset();
        if (summaryWindow < 1 || summaryMinAutomated < 1) {
            throw new ParameterException(cli.commandLine(), "--summary-window and --summary-min-automated must be at least 1");
        }
        if (outcomeShare < 0 || outcomeShare > 1 || outcomeDelayMs < 0) {
            throw new ParameterException(cli.commandLine(), "--outcome-share must be in [0, 1] and --outcome-delay-ms ≥ 0");
        }
        JobSpec jobSpec = SpecLoader.loadNamed(spec != null ? spec : specFor(dataset), set);
        double[] acc = accuracy.length == reviewers ? accuracy : fill(reviewers, accuracy[0]);
        ReviewTeam.Settings team = ReviewTeam.Settings.of(reviewers, acc[0], reviewDelayMs, skipShare, seed);
        team = new ReviewTeam.Settings(team.reviewers(), acc, reviewDelayMs, skipShare, seed).withCorrections(correctionShare);
        Path dir = out != null ? out : defaultOut();
        Demo demo = new Demo(new Demo.Settings(jobSpec, stream(), records, rate, duration, team, dir, kafkaPort,
                uiPort(), parallelism, summaryWindow, summaryMinAutomated, gateway ? gatewayPort : -1, appealShare,
                outcomeShare, outcomeDelayMs, new RunManifest(cli.commandLine().getParseResult().originalArgs(),
                dataset, seed)),
                System.out);
        var figures = Demo.runWithShutdownHook(demo);
        return figures.duplicates() == 0 ? 0 : 1;
    }

    private String specFor(String ds) {
        return switch (ds) {
            case "flights", "fraud", "digits" -> ds;
            default -> throw new IllegalStateException("checkDataset lets no file through without --spec");
        };
    }

    /** A file dataset must exist and come with its spec: only the spec says the model, classes and features. */
    private void checkDataset() {
        if (List.of("flights", "fraud", "digits").contains(dataset)) return;
        if (!Files.isReadable(Path.of(dataset))) {
            throw new ParameterException(cli.commandLine(), "--dataset " + dataset + ": no such file (or not readable)");
        }
        if (spec == null) {
            throw new ParameterException(cli.commandLine(), "--dataset " + dataset + " needs --spec: the job spec "
                    + "naming its model, classes and features (e.g. --spec my-job.yaml; see jobs/*.yaml)");
        }
        if (truthField.isBlank()) throw new ParameterException(cli.commandLine(), "--truth-field must name a field");
    }

    private Supplier<RecordStream> stream() {
        return switch (dataset) {
            case "flights" -> FlightsReplayer::fromResource;
            case "fraud" -> () -> new TransactionsGenerator(seed, driftAt, -1);
            case "digits" -> () -> CsvDatasetReplayer.bundledDigits(20, seed);
            default -> JsonlDatasetReplayer.reads(dataset)
                    ? () -> new JsonlDatasetReplayer(Path.of(dataset), truthField, jobSpecModel())
                    : () -> new CsvDatasetReplayer(Path.of(dataset), jobSpecModel(), 10, seed);
        };
    }

    private String jobSpecModel() {
        return SpecLoader.loadNamed(spec).models().get(0).id();
    }

    /** The web UI port to use: 8081 when free, else (or for 0) a free one, so the printed address is real. */
    int uiPort() throws IOException {
        if (noWebUi) return -1;
        if (webUiPort < 0 || (webUiPort > 0 && webUiPort != 8081)) return webUiPort;
        if (webUiPort == 8081) {
            try (ServerSocket s = new ServerSocket(8081, 1, InetAddress.getLoopbackAddress())) {
                return 8081;
            } catch (IOException busy) {
                // fall through to any free port
            }
        }
        return LocalPorts.free();
    }

    private static Path defaultOut() throws IOException {
        Path root = Path.of("triage-out");
        Path dir = root.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Path latest = root.resolve("latest");
        Files.deleteIfExists(latest);
        Files.createSymbolicLink(latest, dir.getFileName());
        return dir;
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
