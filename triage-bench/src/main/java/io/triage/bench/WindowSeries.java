package io.triage.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * learning-windows.csv: for every stream × policy × target × window size, each window position over the
 * seeds (lowest, 5th percentile and median realized precision of the counted windows, mean automation and
 * mean oracle automation), for plotting precision and automation along the stream.
 */
final class WindowSeries {
    static final String HEADER = "stream,policy,target,window_size,start,runs,counted,min_precision,p5_precision,"
            + "median_precision,automation,oracle_automation";

    private WindowSeries() {}

    static List<String> csv(List<PooledRuns> pools) {
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (PooledRuns p : pools) {
            for (int size : p.runs().get(0).checks().keySet()) {
                int positions = p.runs().stream().mapToInt(r -> r.checks().get(size).size()).max().orElse(0);
                for (int k = 0; k < positions; k++) out.add(row(p, size, k));
            }
        }
        return out;
    }

    private static String row(PooledRuns p, int size, int k) {
        List<Double> prec = new ArrayList<>();
        double auto = 0, oracle = 0;
        int runs = 0;
        long start = 0;
        for (RunResult r : p.runs()) {
            List<WindowCheck> ws = r.checks().get(size);
            if (k >= ws.size()) continue;
            WindowCheck w = ws.get(k);
            start = w.start();
            runs++;
            auto += w.automation();
            oracle += w.oracleShare();
            if (w.counted()) prec.add(w.precision());
        }
        double[] v = prec.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        RunConfig c = p.first();
        return String.join(",", c.stream(), c.policy().label(), ResultRow.num(c.level()), Integer.toString(size),
                Long.toString(start), Integer.toString(runs), Integer.toString(v.length),
                ResultRow.num(v.length == 0 ? Double.NaN : v[0]), ResultRow.num(GuaranteeStats.quantile(v, 0.05)),
                ResultRow.num(GuaranteeStats.quantile(v, 0.5)), ResultRow.num(auto / runs), ResultRow.num(oracle / runs));
    }
}
