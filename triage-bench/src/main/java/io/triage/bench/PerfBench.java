package io.triage.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Performance benchmarks of the Triage job (bin/bench-perf). Prints figures and writes them to
 * bench-results/perf.json and perf.md. Nothing here asserts on speed.
 */
@Command(name = "bench-perf", mixinStandardHelpOptions = true,
        description = "Triage performance figures: JMH scoring, Kafka throughput, label-to-serving latency, checkpoint size.")
public final class PerfBench implements Callable<Integer> {
    @Option(names = "--parts", split = ",", defaultValue = "jmh,throughput,latency,checkpoint",
            description = "Parts to run: jmh, throughput, latency, checkpoint (default: all).")
    List<String> parts;

    @Option(names = "--records", description = "Records pre-filled for the throughput runs (default 200000; --long 1000000).")
    Long records;

    @Option(names = "--pending", description = "Pending review requests for the checkpoint part (default 1000000).")
    Long pending;

    @Option(names = "--latency-seconds", description = "Label sending time per model size (default 60; --long 180).")
    Integer latencySeconds;

    @Option(names = "--long", description = "Longer variant: more records, longer JMH iterations, longer latency runs.")
    boolean longRun;

    @Option(names = "--out", defaultValue = "bench-results", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        long n = records != null ? records : longRun ? 1_000_000 : 200_000;
        long p = pending != null ? pending : longRun ? 3_000_000 : 1_000_000;
        int ls = latencySeconds != null ? latencySeconds : longRun ? 180 : 60;
        Set<String> todo = new LinkedHashSet<>(parts);
        Results res = new Results(out, "bench-perf --parts " + String.join(",", todo) + " --records " + n
                + " --pending " + p + " --latency-seconds " + ls + (longRun ? " --long" : ""));
        long t0 = System.nanoTime();
        int failures = 0;
        for (String part : todo) {
            long t = System.nanoTime();
            Results.log("=== part %s (load average %.1f) ===", part, Results.load());
            res.root.with("loadAverageBefore").put(part, Results.load());
            try {
                switch (part) {
                    case "jmh" -> JmhPart.run(res, longRun);
                    case "throughput" -> ThroughputPart.run(res, n);
                    case "latency" -> LatencyPart.run(res, ls);
                    case "checkpoint" -> CheckpointPart.run(res, p);
                    default -> throw new IllegalArgumentException("unknown part " + part);
                }
            } catch (Exception e) {
                failures++;
                e.printStackTrace();
                res.root.with("errors").put(part, String.valueOf(e));
                res.md("**Part " + part + " failed:** `" + e + "`\n");
            }
            res.root.with("partSeconds").put(part, (System.nanoTime() - t) / 1e9);
            res.root.with("loadAverageAfter").put(part, Results.load());
            res.save();
        }
        res.root.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        res.save();
        Results.log("done in %.0f s → %s", (System.nanoTime() - t0) / 1e9, out.resolve("perf.md").toAbsolutePath());
        return failures == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new PerfBench()).execute(args);
        System.exit(rc);
    }
}
