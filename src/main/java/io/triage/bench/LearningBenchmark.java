package io.triage.bench;

import io.triage.policy.active.ActiveStrategies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays benchmark streams through the job's learning and routing logic (see {@link ReplayRun}) in
 * guarantee mode at several target precisions and in budget mode with every active-learning strategy at
 * several budgets; writes {@code learning.csv} (per window and overall) and {@code learning.md}, merging
 * MOA's results from {@code moa.csv} when present (written by the {@code moa} Maven profile's runner).
 */
@Command(name = "learning-benchmark", mixinStandardHelpOptions = true,
        description = "Prequential learning benchmark of Triage's guarantee and budget (active learning) modes.")
public final class LearningBenchmark implements Callable<Integer> {
    @Option(names = "--streams", split = ",", description = "Streams: ${DEFAULT-VALUE}")
    List<String> streams = new ArrayList<>(BenchStreams.NAMES);
    @Option(names = "--records", description = "Records per stream (default ${DEFAULT-VALUE})")
    long records = 100_000;
    @Option(names = "--window", description = "Records per reporting window (default ${DEFAULT-VALUE})")
    int window = 10_000;
    @Option(names = "--targets", split = ",", description = "Guarantee-mode target precisions (default ${DEFAULT-VALUE})")
    List<Double> targets = new ArrayList<>(List.of(0.9, 0.95, 0.99));
    @Option(names = "--budgets", split = ",", description = "Budget-mode budgets (default ${DEFAULT-VALUE})")
    List<Double> budgets = new ArrayList<>(List.of(0.01, 0.05, 0.1, 0.2, 0.5));
    @Option(names = "--strategies", split = ",", description = "Active-learning strategies (default ${DEFAULT-VALUE})")
    List<String> strategies = new ArrayList<>(ActiveStrategies.NAMES);
    @Option(names = "--modes", split = ",", description = "guarantee, budget (default ${DEFAULT-VALUE})")
    List<String> modes = new ArrayList<>(List.of("guarantee", "budget"));
    @Option(names = "--label-noise", description = "Share of wrong oracle labels (default ${DEFAULT-VALUE})")
    double labelNoise = 0.0;
    @Option(names = "--label-delay", description = "Records between a label request and its arrival (default ${DEFAULT-VALUE})")
    int labelDelay = 0;
    @Option(names = "--flights-file", description = "Flights gzipped CSV (default: the 200k sample in the jar)")
    Path flightsFile;
    @Option(names = "--digits-file", description = "Digits gzipped CSV (default: the copy in the jar)")
    Path digitsFile;
    @Option(names = "--digits-passes", description = "Shuffled passes over digits (0: enough for --records)")
    int digitsPasses = 0;
    @Option(names = "--seed", description = "Seed of generators and shuffles (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--threads", description = "Parallel runs (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--out", description = "Output directory (default ${DEFAULT-VALUE})")
    Path out = Path.of("bench-results");
    @Option(names = "--moa-results", description = "MOA rows to merge (default <out>/moa.csv, if it exists)")
    Path moaResults;
    @Option(names = "--merge-only", description = "Run nothing: merge <out>/moa.csv into an existing learning.csv/.md")
    boolean mergeOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LearningBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (mergeOnly) {
            MoaMerge.merge(out, readMoa());
            return 0;
        }
        BenchOptions o = options();
        List<Callable<RunResult>> jobs = new ArrayList<>();
        for (String s : streams) {
            BenchStream stream = BenchStreams.create(s, o);
            if (modes.contains("guarantee")) {
                for (double t : targets) jobs.add(job(stream, RunConfig.guarantee(s, t), o));
            }
            if (modes.contains("budget")) {
                for (String st : strategies) {
                    for (double b : budgets) jobs.add(job(stream, RunConfig.budget(s, st, b), o));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d runs of up to %,d records on %d threads%n", jobs.size(), records, threads);
        long t0 = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            for (Future<RunResult> f : pool.invokeAll(jobs)) results.add(f.get());
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = results.stream().mapToLong(r -> r.overall().records()).sum();
        System.out.printf(Locale.ROOT, "done: %,d records in %.1f s (%,.0f records/s overall)%n", total, seconds, total / seconds);
        write(results, o);
        return 0;
    }

    private BenchOptions options() {
        BenchOptions o = new BenchOptions();
        o.records = records;
        o.window = window;
        o.seed = seed;
        o.labelNoise = labelNoise;
        o.labelDelay = labelDelay;
        o.flightsFile = flightsFile;
        o.digitsFile = digitsFile;
        o.digitsPasses = digitsPasses;
        return o;
    }

    private static Callable<RunResult> job(BenchStream s, RunConfig c, BenchOptions o) {
        return () -> {
            RunResult r = new ReplayRun(s, c, o).run();
            System.out.printf(Locale.ROOT, "  %-45s %,9d records %6.1f s %,9.0f rec/s  acc %.4f  labeled %.4f  auto %.4f%n",
                    c, r.overall().records(), r.seconds(), r.recordsPerSecond(), r.overall().accuracy(),
                    r.overall().labelRate(), r.overall().automationRate());
            return r;
        };
    }

    private void write(List<RunResult> results, BenchOptions o) throws IOException {
        results.sort(Comparator.comparing((RunResult r) -> streams.indexOf(r.config().stream()))
                .thenComparing(r -> r.config().mode()).thenComparing(r -> strategies.indexOf(r.config().strategy()))
                .thenComparingDouble(r -> r.config().level()));
        Files.createDirectories(out);
        List<ResultRow> moa = readMoa();
        List<String> csv = new ArrayList<>();
        csv.add(ResultRow.HEADER);
        for (RunResult r : results) {
            for (WindowResult w : r.windows()) csv.add(ResultRow.row(r, Long.toString(w.start()), w).csv());
            csv.add(ResultRow.overall(r).csv());
        }
        moa.forEach(m -> csv.add(m.csv()));
        Files.write(out.resolve("learning.csv"), csv);
        String md = ResultTables.markdown(results, moa, settings());
        Files.writeString(out.resolve("learning.md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + out.resolve("learning.csv") + " and " + out.resolve("learning.md"));
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
        return String.format(Locale.ROOT, "Records per stream: %,d (window %,d); streams %s; oracle label noise %.3f, "
                        + "label delay %d records; seed %d; flights: %s. Accuracy is prequential (routing-time prediction vs "
                        + "ground truth) over all records; in budget mode a record is labeled iff the strategy queries it.",
                records, window, streams, labelNoise, labelDelay, seed,
                flightsFile == null ? "bundled 200k sample" : flightsFile.toString());
    }
}
