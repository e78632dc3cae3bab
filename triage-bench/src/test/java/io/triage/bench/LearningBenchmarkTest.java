package io.triage.bench;

import io.triage.policy.guarantee.PolicyVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A tiny guarantee benchmark: the files it writes, and its oracle against independent computations. */
class LearningBenchmarkTest {
    private static final Path WINDOW_ORACLE = Path.of("../shared/tools/window_oracle.py");

    @Test
    void writesOneRowPerRunAndWindowSizeAndPooledRows(@TempDir Path out) throws IOException {
        int code = new CommandLine(new LearningBenchmark()).execute("--streams", "sea,prior-shift", "--records", "3000",
                "--seeds", "2", "--modes", "guarantee", "--policies", "legacy,full", "--targets", "0.9",
                "--windows", "1000,2000", "--threads", "2", "--out", out.toString());
        assertEquals(0, code);
        List<String> csv = Files.readAllLines(out.resolve("learning.csv"));
        assertEquals(ResultRow.HEADER, csv.get(0));
        int columns = ResultRow.HEADER.split(",").length;
        // 2 streams × 2 seeds × 2 policies = 8 runs, each overall + 2 window sizes; 4 pools, each overall + 2 sizes
        assertEquals(8 * 3 + 4 * 3, csv.size() - 1);
        for (String line : csv) assertEquals(columns, line.split(",", -1).length, line);
        long pooled = csv.stream().filter(l -> l.split(",", -1)[18].equals("all")).count();
        assertEquals(12, pooled);
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("triage,sea,guarantee,threshold,0.900000,w1000,")));
        List<String> series = Files.readAllLines(out.resolve("learning-windows.csv"));
        assertEquals(WindowSeries.HEADER, series.get(0));
        assertEquals(4 * (3 + 2), series.size() - 1); // 3000 records: 3 windows of 1k, 2 of 2k (the last one short)
        String md = Files.readString(out.resolve("learning.md"));
        assertTrue(md.contains("## Guarantee mode") && md.contains("### Windows of 1,000 records")
                && md.contains("### Targets met"), md);
    }

    /** Bring your own stream: the JSON-lines file the demo replays, with its job spec, through the same benchmark. */
    @Test
    void runsOnAJsonLinesFileOfYourOwn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("own.jsonl");
        List<String> lines = new ArrayList<>();
        try (var gen = new io.triage.local.SeaGenerator(5, 2500, 0.0)) {
            while (gen.hasNext()) {
                var r = gen.next();
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) io.triage.codec.Json.MAPPER.readTree(r.json());
                node.put("model", "own").put("truth", r.truth());
                lines.add(node.toString());
            }
        }
        lines.add(1000, "{not json"); // a bad line is skipped and counted, not fatal
        Files.write(file, lines);
        Path spec = dir.resolve("own.yaml");
        Files.writeString(spec, """
                models:
                  - id: own
                    classes: [pos, neg]
                    features: {f1: numeric, f2: numeric, f3: numeric}
                    learning: {hashBits: 4}
                """);
        Path out = dir.resolve("out");
        int code = new CommandLine(new LearningBenchmark()).execute("--dataset", file.toString(), "--truth-field", "truth",
                "--spec", spec.toString(), "--records", "3000", "--policies", "full", "--targets", "0.9",
                "--windows", "1000", "--threads", "1", "--out", out.toString());
        assertEquals(0, code);
        List<String> csv = Files.readAllLines(out.resolve("learning.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("triage,file:own.jsonl,guarantee,threshold,0.900000,w1000,")),
                String.join("\n", csv));
        assertTrue(Files.readString(out.resolve("learning.md")).contains("file:own.jsonl"));
    }

    @Test
    void oracleMatchesAnIndependentComputationAndTheSharedTool(@TempDir Path dir) throws Exception {
        BenchOptions o = new BenchOptions();
        o.records = 4000;
        o.windows = List.of(1000);
        o.labelDelay = 200;
        o.burstEvery = 400;
        o.reviewCapacity = 0.8;
        BenchStream s = BenchStreams.create("hyperplane-clean", o, 3);
        RecordLog log = new RecordLog();
        RunResult r = new ReplayRun(s, RunConfig.guarantee("hyperplane-clean", 0.9, PolicyVariant.FULL, 3), o).run(log);
        List<WindowCheck> ws = r.checks().get(1000);
        assertEquals(4, ws.size());
        long automated = 0;
        for (WindowCheck w : ws) {
            assertEquals(bruteForceOracle(log, (int) w.start(), (int) w.start() + w.records(), 0.9), w.oracle());
            automated += w.automated();
        }
        assertEquals(r.overall().automationRate() * 4000, automated, 1e-6);
        assertTrue(ws.stream().mapToInt(WindowCheck::oracle).sum() > 0, "the oracle automates something");

        assumeTrue(Files.isReadable(WINDOW_ORACLE) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "shared/tools/window_oracle.py and python3 here");
        writeRun(log, dir);
        Process p = new ProcessBuilder("/usr/bin/python3", WINDOW_ORACLE.toString(), dir.toString(), "0.9", "1000", "50")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, text);
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) if (line.trim().matches("\\d+ .*")) rows.add(line.trim().split("\\s+"));
        assertEquals(ws.size(), rows.size(), text);
        for (int k = 0; k < ws.size(); k++) {
            assertEquals(100.0 * ws.get(k).oracle() / ws.get(k).records(), Double.parseDouble(rows.get(k)[3]), 0.05 - 1e-9, text);
            assertEquals(100.0 * ws.get(k).automation(), Double.parseDouble(rows.get(k)[1]), 0.05 - 1e-9, text);
        }
    }

    /** Repeatedly takes the most confident remaining prediction (the first on ties), no sorting. */
    private static int bruteForceOracle(RecordLog log, int from, int to, double target) {
        boolean[] taken = new boolean[to - from];
        int good = 0, best = 0;
        for (int k = 1; ; k++) {
            int pick = -1;
            for (int i = from; i < to; i++) {
                if (taken[i - from] || !log.predicted(i)) continue;
                if (pick < 0 || log.confidence(i) > log.confidence(pick)) pick = i;
            }
            if (pick < 0) return best;
            taken[pick - from] = true;
            if (log.correct(pick)) good++;
            if ((double) good / k >= target) best = k;
        }
    }

    /** The run as the job's output files the shared tool reads: decisions with their truth, SCORED audit events. */
    private static void writeRun(RecordLog log, Path dir) throws IOException {
        List<String> decisions = new ArrayList<>();
        List<String> audit = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            String predicted = log.predicted(i) ? "\"p\"" : "null";
            String truth = log.predicted(i) && log.correct(i) ? "p" : "q";
            decisions.add(String.format(Locale.ROOT, "{\"recordId\":\"r-%d\",\"ts\":%d,\"source\":\"%s\",\"decision\":%s,\"truth\":\"%s\"}",
                    i, i, log.automated(i) ? "AUTO" : "HUMAN", predicted, truth));
            audit.add(String.format(Locale.ROOT, "{\"type\":\"SCORED\",\"recordId\":\"r-%d\",\"predicted\":%s,\"confidence\":%s}",
                    i, predicted, Double.toString(log.confidence(i))));
        }
        Files.write(dir.resolve("decisions.jsonl"), decisions);
        Files.write(dir.resolve("audit.jsonl"), audit);
    }
}
