package io.triage.bench;

import io.triage.policy.active.ActiveStrategies;
import io.triage.policy.guarantee.PolicyVariant;
import io.triage.spec.SpecLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays benchmark streams through the job's learning and routing logic (see {@link ReplayRun}): in guarantee
 * mode every stream × seed × threshold policy × target is a run, checked per window against the target and the
 * hindsight oracle (see {@link WindowCheck}); in budget mode every active-learning strategy at several budgets
 * (first seed, the streams compared with MOA). Writes {@code learning.csv} (per run: overall and per window size;
 * pooled over seeds), {@code learning-windows.csv} (per window position over seeds) and {@code learning.md},
 * merging MOA's results from {@code moa.csv} when present (written by the {@code moa} Maven profile's runner).
 */
@Command(name = "learning-benchmark", mixinStandardHelpOptions = true,
        description = "Prequential learning benchmark of Triage's guarantee-mode policies and budget (active learning) mode.")
public final class LearningBenchmark implements Callable<Integer> {
    @Mixin
    BudgetGridOptions grid = new BudgetGridOptions();
    @Option(names = "--streams", split = ",", description = "Streams: ${DEFAULT-VALUE} (flights-h1 only where its file is)")
    List<String> streams = new ArrayList<>(BenchStreams.ALL);
    @Option(names = "--records", description = "Records per stream (default 100000; --quick 20000)")
    Long records;
    @Option(names = "--seeds", description = "Seeds per synthetic stream (default 20; --quick 2)")
    Integer seeds;
    @Option(names = "--digits-seeds", description = "Shuffle seeds of digits (default 5; --quick 1)")
    Integer digitsSeeds;
    @Option(names = "--seed", description = "First seed (default ${DEFAULT-VALUE}); budget mode runs on it alone")
    long seed = 1;
    @Option(names = "--quick", description = "Smoke run: 2 seeds, 20,000 records per stream (flights-h1 too)")
    boolean quick;
    @Option(names = "--targets", split = ",", description = "Guarantee-mode target precisions (default ${DEFAULT-VALUE})")
    List<Double> targets = new ArrayList<>(List.of(0.8, 0.9, 0.95));
    @Option(names = "--policies", split = ",", description = "Threshold policies: legacy, sgr, controller, certificate, full (default: all)")
    List<String> policies = new ArrayList<>(List.of("legacy", "sgr", "controller", "certificate", "full"));
    @Option(names = "--windows", split = ",", description = "Window sizes of the guarantee checks (default ${DEFAULT-VALUE})")
    List<Integer> windows = new ArrayList<>(List.of(1000, 2000, 10_000));
    @Option(names = "--modes", split = ",", description = "guarantee, budget (default ${DEFAULT-VALUE})")
    List<String> modes = new ArrayList<>(List.of("guarantee", "budget"));
    @Option(names = "--label-noise", description = "Share of wrong oracle labels (default ${DEFAULT-VALUE})")
    double labelNoise = 0.0;
    @Option(names = "--label-delay", description = "Guarantee mode: records a reviewer needs per answer (default ${DEFAULT-VALUE})")
    int labelDelay = 200;
    @Option(names = "--burst-every", description = "Guarantee mode: answers reach the learner every N records, as at checkpoints (default ${DEFAULT-VALUE})")
    int burstEvery = 400;
    @Option(names = "--review-capacity", description = "Guarantee mode: answers per record the reviewers manage, as many as a cold start asks by default; the rest wait in a backlog, audits first (0: unlimited; default ${DEFAULT-VALUE})")
    double reviewCapacity = 1.0;
    @Option(names = "--review-deadline", description = "Guarantee mode: records a request waits in the backlog before it expires (0: never; default ${DEFAULT-VALUE})")
    int reviewDeadline = 12_000;
    @Option(names = "--keys-file", description = "The job's keys file (review.keysFile): audits drawn with its "
            + "secret, as the job draws them (default: the public draw)")
    Path keysFile;

    @Option(names = "--risk-scope", description = "Guarantee mode: what δ covers, lifetime (every certificate of a "
            + "run together) or certificate (each on its own); default: the stream spec's (lifetime)")
    io.triage.spec.RiskScope riskScope;
    @Option(names = "--flights-h1-file", description = "Stream flights-h1: 3M flights of 2001 H1 (default ${DEFAULT-VALUE})")
    Path flightsH1File = Path.of("../shared/datasets/flights-2001h1.csv.gz");
    @Option(names = "--dataset", description = "Your own stream: a JSON-lines file of `records` messages with the true "
            + "class in --truth-field (the file `bin/triage demo --dataset` replays); needs --spec")
    Path dataset;
    @Option(names = "--truth-field", description = "Field of --dataset lines holding the true class (default ${DEFAULT-VALUE})")
    String truthField = "label";
    @Option(names = "--spec", description = "Job spec of --dataset (file or bundled name); its first model is served")
    String spec;
    @Option(names = "--flights-h1-records", description = "Records of flights-h1 (default: the whole file; --quick: --records)")
    Long flightsH1Records;
    @Option(names = "--digits-passes", description = "Shuffled passes over digits (0: enough for --records)")
    int digitsPasses = 0;
    @Option(names = "--out", description = "Output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-results");
    @Option(names = "--moa-results", description = "MOA rows to merge (default <out>/moa.csv, if it exists)")
    Path moaResults;
    @Option(names = "--merge-only", description = "Run nothing: merge <out>/moa.csv into an existing learning.csv/.md")
    boolean mergeOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LearningBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (mergeOnly) {
            MoaMerge.merge(out, readMoa());
            return 0;
        }
        BenchOptions o = options();
        List<PolicyVariant> variants = policies.stream().map(PolicyVariant::parse).toList();
        policies = variants.stream().map(PolicyVariant::label).toList(); // the order of tables and rows
        List<Callable<RunResult>> jobs = new ArrayList<>();
        if (dataset != null) {
            if (spec == null) throw new CommandLine.ParameterException(new CommandLine(this), "--dataset needs --spec");
            BenchStream own = BenchStreams.jsonl(dataset, truthField, SpecLoader.loadNamed(spec).models().get(0), o.records);
            streams = new ArrayList<>(List.of(own.name()));
            for (double t : targets) {
                for (PolicyVariant v : variants) jobs.add(job(own, RunConfig.guarantee(own.name(), t, v, seed), o));
            }
        }
        for (String s : dataset != null ? List.<String>of() : streams) {
            if (!BenchStreams.available(s, o)) {
                System.out.println("skipping " + s + ": " + o.flightsH1File + " is not readable (--flights-h1-file)");
                continue;
            }
            if (modes.contains("guarantee")) {
                for (long k = 0; k < seedsOf(s); k++) {
                    BenchStream stream = BenchStreams.create(s, o, seed + k);
                    for (double t : targets) {
                        for (PolicyVariant v : variants) jobs.add(job(stream, RunConfig.guarantee(s, t, v, seed + k), o));
                    }
                }
            }
            if (modes.contains("budget") && BenchStreams.NAMES.contains(s)) {
                BenchStream stream = BenchStreams.create(s, o, seed);
                for (String st : grid.strategies) {
                    for (double b : grid.budgets) jobs.add(job(stream, RunConfig.budget(s, st, b, seed), o));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d runs of up to %,d records on %d threads; guarantee labels: %s%n", jobs.size(),
                o.records, grid.threads, o.reviews().describe());
        long t0 = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, grid.threads));
        try {
            for (Future<RunResult> f : pool.invokeAll(jobs)) results.add(f.get());
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = results.stream().mapToLong(r -> r.overall().records()).sum();
        System.out.printf(Locale.ROOT, "done: %,d records in %.1f s (%,.0f records/s overall)%n", total, seconds, total / seconds);
        write(results);
        return 0;
    }

    private long seedsOf(String stream) {
        if (!BenchStreams.seeded(stream)) return 1;
        if (stream.equals("digits")) return digitsSeeds != null ? digitsSeeds : quick ? 1 : 5;
        return seeds != null ? seeds : quick ? 2 : 20;
    }

    BenchOptions options() {
        BenchOptions o = new BenchOptions();
        o.records = records != null ? records : quick ? 20_000 : 100_000;
        o.windows = List.copyOf(windows);
        o.seed = seed;
        o.labelNoise = labelNoise;
        o.labelDelay = labelDelay;
        o.burstEvery = burstEvery;
        o.reviewCapacity = reviewCapacity;
        o.reviewDeadline = reviewDeadline;
        o.flightsFile = grid.flightsFile;
        o.flightsH1File = flightsH1File;
        o.flightsH1Records = flightsH1Records != null ? flightsH1Records : quick ? o.records : 0;
        o.digitsFile = grid.digitsFile;
        o.digitsPasses = digitsPasses;
        o.keysFile = keysFile;
        o.riskScope = riskScope;
        return o;
    }

    private static Callable<RunResult> job(BenchStream s, RunConfig c, BenchOptions o) {
        return () -> {
            RunResult r = new ReplayRun(s, c, o).run();
            System.out.printf(Locale.ROOT, "  %-52s %,9d records %6.1f s %,9.0f rec/s  acc %.4f  labeled %.4f  auto %.4f  prec %.4f%n",
                    c, r.overall().records(), r.seconds(), r.recordsPerSecond(), r.overall().accuracy(),
                    r.overall().labelRate(), r.overall().automationRate(), r.overall().realizedPrecision());
            return r;
        };
    }

    private void write(List<RunResult> results) throws IOException {
        results.sort(Comparator.comparing((RunResult r) -> streams.indexOf(r.config().stream()))
                .thenComparing(r -> r.config().mode()).thenComparing(r -> grid.strategies.indexOf(r.config().strategy()))
                .thenComparingDouble(r -> r.config().level())
                .thenComparing(r -> policies.indexOf(r.config().policy().label()))
                .thenComparingLong(r -> r.config().seed()));
        Files.createDirectories(out);
        List<ResultRow> moa = readMoa();
        List<PooledRuns> pools = PooledRuns.group(results);
        List<String> csv = new ArrayList<>();
        csv.add(ResultRow.HEADER);
        for (RunResult r : results) {
            csv.add(ResultRow.overall(r).csv());
            for (var e : r.checks().entrySet()) {
                GuaranteeStats s = GuaranteeStats.of(e.getKey(), r.config().level(), List.of(e.getValue()));
                csv.add(ResultRow.row(r, "w" + e.getKey(), s).csv());
            }
        }
        for (PooledRuns p : pools) {
            csv.add(pooledRow(p, "all", null).csv());
            for (int size : windows) csv.add(pooledRow(p, "w" + size, p.stats(size)).csv());
        }
        moa.forEach(m -> csv.add(m.csv()));
        Files.write(out.resolve("learning.csv"), csv);
        Files.write(out.resolve("learning-windows.csv"), WindowSeries.csv(pools));
        String md = ResultTables.markdown(results, moa, settings(), windows);
        Files.writeString(out.resolve("learning.md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + out.resolve("learning.csv") + ", learning-windows.csv and learning.md");
    }

    private static ResultRow pooledRow(PooledRuns p, String window, GuaranteeStats s) {
        RunConfig c = p.first();
        String recovery = String.join(";", Arrays.stream(p.recoveryMedians()).mapToObj(ResultRow::num).toList());
        return new ResultRow("triage", c.stream(), c.mode().label(), c.strategy(), c.level(), window, p.overall(),
                c.policy().label(), "all", new ResultRow.Guarantee(s, p.humanEffort(), p.noiseCeiling(), recovery));
    }

    private List<ResultRow> readMoa() throws IOException {
        Path p = moaResults != null ? moaResults : out.resolve("moa.csv");
        List<ResultRow> rows = new ArrayList<>();
        if (!Files.exists(p)) return rows;
        for (String line : Files.readAllLines(p)) {
            if (line.isBlank() || line.startsWith("source,")) continue;
            ResultRow r = ResultRow.parse(line);
            if (streams.contains(r.stream())) rows.add(r);
        }
        System.out.println("merged " + rows.size() + " MOA rows from " + p);
        return rows;
    }

    private String settings() {
        BenchOptions o = options();
        return String.format(Locale.ROOT, "Records per stream: %,d (flights-h1: %s); seeds: %d per synthetic stream "
                        + "from %d, %d for digits (shuffles), flights in file order once; targets %s; policies %s; "
                        + "windows %s; guarantee-mode labels: %s; budget mode: labels at once, seed %d; oracle label "
                        + "noise %.3f; flights: %s.%s Accuracy is prequential (routing-time prediction vs ground truth) "
                        + "over all records; in budget mode a record is labeled iff the strategy queries it.",
                o.records, o.flightsH1Records > 0 ? String.format(Locale.ROOT, "%,d", o.flightsH1Records) : "whole file",
                seedsOf("sea"), seed, seedsOf("digits"), targets, policies, windows, o.reviews().describe(), seed,
                labelNoise, grid.flightsFile == null ? "bundled 200k sample" : grid.flightsFile.toString(),
                quick ? " **Quick smoke run (--quick): too few seeds and records for conclusions.**" : "");
    }
}
