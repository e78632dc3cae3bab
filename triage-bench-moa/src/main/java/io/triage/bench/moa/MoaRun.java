package io.triage.bench.moa;

import io.triage.spec.StrategyKind;
import io.triage.bench.ResultRow;
import io.triage.bench.WindowResult;
import moa.DoTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One MOA run: {@code meta.ALPrequentialEvaluationTask} with {@code ALRandom} or {@code ALUncertainty} over a
 * base learner at budget b, evaluated per window; its dump file becomes {@link ResultRow}s (per window
 * and overall, accuracy and labels; the automation columns stay empty).
 */
final class MoaRun {
    /** Triage strategy name → MOA ALUncertainty -d choice (random uses ALRandom). */
    static String moaStrategy(String triage) {
        return switch (StrategyKind.of(triage).orElseThrow(() -> new IllegalArgumentException(triage))) {
            case FIXED_UNCERTAINTY -> "FixedUncertainty";
            case VAR_UNCERTAINTY -> "VarUncertainty";
            case RAND_VAR_UNCERTAINTY -> "RandVarUncertainty";
            case SELECTIVE_SAMPLING -> "SelSampling";
            case RANDOM -> throw new IllegalArgumentException("random has no ALUncertainty choice: ALRandom");
        };
    }

    static String learnerCli(String strategy, String base, double budget) {
        return strategy.equals(StrategyKind.RANDOM.code())
                ? "ALRandom -l (" + base + ") -b (FixedBM -b " + budget + ")"
                : "ALUncertainty -l (" + base + ") -d " + moaStrategy(strategy) + " -b " + budget;
    }

    static String taskCli(String learner, Path arff, int window, Path dump) {
        return "meta.ALPrequentialEvaluationTask -l (" + learner + ") -s (ArffFileStream -f " + arff.toAbsolutePath()
                + ") -e (ALWindowClassificationPerformanceEvaluator -w " + window + ") -f " + window + " -d "
                + dump.toAbsolutePath();
    }

    static List<ResultRow> run(String stream, String strategy, String baseName, String base, double budget, Path arff,
                               int window, Path dumpDir) throws Exception {
        Files.createDirectories(dumpDir);
        Path dump = dumpDir.resolve(stream + "-" + baseName + "-" + strategy + "-" + budget + ".csv");
        String cli = taskCli(learnerCli(strategy, base, budget), arff, window, dump);
        DoTask.main(new String[] {cli});
        return parse(dump, "moa-" + baseName, stream, strategy, budget);
    }

    /** Dump rows are per window (accuracy of the window, cumulative label acquisitions). */
    static List<ResultRow> parse(Path dump, String source, String stream, String strategy, double budget) throws IOException {
        List<String> lines = Files.readAllLines(dump);
        List<String> head = Arrays.asList(lines.get(0).split(","));
        int inst = head.indexOf("learning evaluation instances");
        int acc = head.indexOf("classifications correct (percent)");
        int labels = head.indexOf("Abs Number of Label Acquisitions");
        List<ResultRow> rows = new ArrayList<>();
        double prevN = 0, prevL = 0, sumCorrect = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            double n = Double.parseDouble(c[inst]);
            double l = Double.parseDouble(c[labels]);
            if (n <= prevN) continue;
            double a = Double.parseDouble(c[acc]) / 100;
            long records = Math.round(n - prevN);
            sumCorrect += a * records;
            rows.add(new ResultRow(source, stream, "budget", strategy, budget, Long.toString(Math.round(prevN)),
                    window(Math.round(prevN), records, a, Math.round(l - prevL))));
            prevN = n;
            prevL = l;
        }
        rows.add(new ResultRow(source, stream, "budget", strategy, budget, "all",
                window(0, Math.round(prevN), sumCorrect / Math.max(1, prevN), Math.round(prevL))));
        return rows;
    }

    private static WindowResult window(long start, long records, double accuracy, long labels) {
        return new WindowResult(start, records, accuracy, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                labels, 0, Double.NaN);
    }
}
