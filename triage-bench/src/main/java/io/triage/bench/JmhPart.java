package io.triage.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Part 1: in-memory per-core costs with JMH (one fork, one thread, short iterations). */
final class JmhPart {
    private JmhPart() {}

    static void run(Results res, boolean longRun) throws Exception {
        int wi = longRun ? 5 : 3;
        int mi = longRun ? 10 : 4;
        TimeValue t = TimeValue.seconds(longRun ? 2 : 1);
        Options opts = new OptionsBuilder()
                .include("io\\.triage\\.bench\\.(ScoringBench|DecodeBench)\\.")
                .forks(1).threads(1)
                .warmupIterations(wi).warmupTime(t)
                .measurementIterations(mi).measurementTime(t)
                .jvmArgs("-Xmx1g", "-XX:+UseParallelGC")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(opts).run();

        Map<String, double[]> score = new LinkedHashMap<>(); // "bench/shape" -> {ns/op, error}
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1); // Class.method
            String key = bench + "/" + r.getParams().getParam("shape");
            score.put(key, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }

        ObjectNode sec = res.section("jmh");
        sec.put("settings", Results.f("forks 1, threads 1, warmup %d x %s, measurement %d x %s, -Xmx1g ParallelGC",
                wi, t, mi, t));
        ObjectNode rows = sec.putObject("scoring");
        res.md("## 1. In-memory scoring per core (JMH)\n");
        res.md(Results.f("%s. Mean ns/op ± 99.9%% error; records/s per core = 1e9 / ns/op.\n",
                sec.get("settings").asText()));
        res.md("| shape | Router.route | records/s/core | Tribuo maths | plain dot+softmax | route ÷ Tribuo | route ÷ plain |");
        res.md("|---|---|---|---|---|---|---|");
        for (String shape : new String[] {"num8", "num30", "num100", "text20"}) {
            double[] route = score.get("ScoringBench.route/" + shape);
            double[] tribuo = score.get("ScoringBench.tribuoMaths/" + shape);
            double[] plain = score.get("ScoringBench.plainDotSoftmax/" + shape);
            if (route == null || tribuo == null || plain == null) continue;
            ObjectNode o = rows.putObject(shape);
            o.put("routeNsPerOp", route[0]);
            o.put("routeError", route[1]);
            o.put("routeRecordsPerSecPerCore", 1e9 / route[0]);
            o.put("tribuoMathsNsPerOp", tribuo[0]);
            o.put("tribuoMathsRecordsPerSecPerCore", 1e9 / tribuo[0]);
            o.put("plainNsPerOp", plain[0]);
            o.put("plainRecordsPerSecPerCore", 1e9 / plain[0]);
            o.put("ratioRouteToTribuo", route[0] / tribuo[0]);
            o.put("ratioRouteToPlain", route[0] / plain[0]);
            res.md(Results.f("| %s | %.0f ± %.0f ns | %,.0f | %.0f ns | %.0f ns | %.2f | %.2f |", shape, route[0], route[1],
                    1e9 / route[0], tribuo[0], plain[0], route[0] / tribuo[0], route[0] / plain[0]));
        }
        ObjectNode n30 = (ObjectNode) rows.get("num30");
        if (n30 != null) {
            double rps = n30.get("routeRecordsPerSecPerCore").asDouble();
            sec.put("target500kAt30Met", rps >= 500_000);
            res.md(Results.f("\nTarget ≥ 500,000 records/s per core at 30 features: %,.0f → %s.\n", rps,
                    rps >= 500_000 ? "met" : "NOT met"));
        }
        ObjectNode dec = sec.putObject("decode");
        res.md("| input | RecordDecoder.read (streaming) | FeatureExtractor.extract | RecordParser.parse (decode + extract) "
                + "| records/s/core (both) |");
        res.md("|---|---|---|---|---|");
        for (String shape : new String[] {"fraud", "num30"}) {
            double[] d = score.get("DecodeBench.decode/" + shape);
            double[] x = score.get("DecodeBench.extract/" + shape);
            double[] b = score.get("DecodeBench.decodeAndExtract/" + shape);
            if (d == null || x == null || b == null) continue;
            ObjectNode o = dec.putObject(shape);
            o.put("decodeNsPerOp", d[0]);
            o.put("extractNsPerOp", x[0]);
            o.put("decodeAndExtractNsPerOp", b[0]);
            o.put("recordsPerSecPerCore", 1e9 / b[0]);
            res.md(Results.f("| %s | %.0f ns | %.0f ns | %.0f ns | %,.0f |", shape, d[0], x[0], b[0], 1e9 / b[0]));
            o.put("target1MMet", 1e9 / b[0] >= 1_000_000);
        }
        res.md("\nTarget ≥ 1,000,000 records/s per core for decode + extract.");
        res.md("");
        ObjectNode raw = sec.putObject("raw");
        score.forEach((k, v) -> raw.put(k, v[0]));
        res.save();
    }
}
