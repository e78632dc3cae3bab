package io.triage.bench.moa;

import io.triage.bench.BudgetGridOptions;
import io.triage.bench.BenchOptions;
import io.triage.bench.BenchStream;
import io.triage.bench.BenchStreams;
import io.triage.bench.ResultRow;
import io.triage.policy.active.ActiveStrategies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * MOA side by side (GPL-3.0, only in the {@code moa} Maven profile): exports the benchmark streams as ARFF
 * and runs MOA's stream active learners at the same budgets, writing {@code <out>/moa.csv}, which
 * {@code LearningBenchmark} merges into learning.csv / learning.md.
 */
@Command(name = "moa-benchmark", mixinStandardHelpOptions = true)
public final class MoaBenchmark implements Callable<Integer> {
    @Mixin
    BudgetGridOptions grid = new BudgetGridOptions();
    private static final Map<String, String> LEARNERS = new LinkedHashMap<>();

    static {
        LEARNERS.put("NaiveBayes", "bayes.NaiveBayes");
        LEARNERS.put("SGD-log", "functions.SGD -o LOGLOSS");
    }

    @Option(names = "--streams", split = ",")
    List<String> streams = new ArrayList<>(BenchStreams.NAMES);
    @Option(names = "--records")
    long records = 100_000;
    @Option(names = "--window")
    int window = 10_000;
    @Option(names = "--learners", split = ",", description = "NaiveBayes, SGD-log (default both)")
    List<String> learners = new ArrayList<>(LEARNERS.keySet());
    @Option(names = "--seed")
    long seed = 1;
    @Option(names = "--out")
    Path out = Path.of("bench-results");
    @Option(names = "--from-dumps", description = "Run nothing: rebuild moa.csv from the dumps of earlier (possibly interrupted) runs")
    boolean fromDumps;

    private int rebuildFromDumps() throws Exception {
        List<String> csv = new ArrayList<>();
        csv.add(ResultRow.HEADER);
        for (String s : streams) {
            for (String l : learners) {
                for (String st : grid.strategies) {
                    for (double b : grid.budgets) {
                        Path dump = out.resolve("moa-dumps").resolve(s + "-" + l + "-" + st + "-" + b + ".csv");
                        if (!Files.exists(dump) || Files.readAllLines(dump).size() < 2) continue;
                        MoaRun.parse(dump, "moa-" + l, s, st, b).forEach(r -> csv.add(r.csv()));
                    }
                }
            }
        }
        Files.write(out.resolve("moa.csv"), csv);
        System.out.println("wrote " + out.resolve("moa.csv") + " (" + (csv.size() - 1) + " rows) from dumps");
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MoaBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions o = new BenchOptions();
        o.records = records;
        o.window = window;
        o.seed = seed;
        o.flightsFile = grid.flightsFile;
        o.digitsFile = grid.digitsFile;
        if (fromDumps) return rebuildFromDumps();
        List<Callable<List<ResultRow>>> jobs = new ArrayList<>();
        for (String s : streams) {
            BenchStream stream = BenchStreams.create(s, o);
            Path arff = ArffExport.write(stream, records, out.resolve("moa-arff"));
            System.out.println("wrote " + arff);
            for (String l : learners) {
                for (String st : grid.strategies) {
                    for (double b : grid.budgets) {
                        jobs.add(() -> {
                            long t0 = System.nanoTime();
                            List<ResultRow> rows = MoaRun.run(s, st, l, LEARNERS.get(l), b, arff, window, out.resolve("moa-dumps"));
                            ResultRow all = rows.get(rows.size() - 1);
                            System.out.printf(java.util.Locale.ROOT, "  moa %s %s %s b=%s: acc %.4f labeled %.4f (%.1f s)%n",
                                    s, l, st, b, all.w().accuracy(), all.w().labelRate(), (System.nanoTime() - t0) / 1e9);
                            return rows;
                        });
                    }
                }
            }
        }
        List<String> csv = new ArrayList<>();
        csv.add(ResultRow.HEADER);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, grid.threads));
        try {
            for (Future<List<ResultRow>> f : pool.invokeAll(jobs)) f.get().forEach(r -> csv.add(r.csv()));
        } finally {
            pool.shutdown();
        }
        Files.write(out.resolve("moa.csv"), csv);
        System.out.println("wrote " + out.resolve("moa.csv") + " (" + (csv.size() - 1) + " rows); now run LearningBenchmark to merge");
        return 0;
    }
}
