package io.triage.bench;

/** One line of learning.csv: a window (or the whole run, window "all") of one run, from Triage or MOA. */
public record ResultRow(String source, String stream, String mode, String strategy, double level, String window,
                        WindowResult w) {
    public static final String HEADER = "source,stream,mode,strategy,level,window,records,accuracy,realized_precision,"
            + "estimated_precision,lower_bound,threshold,automation_rate,labels,label_rate,drift_alarms,majority";

    public String csv() {
        return String.join(",", source, stream, mode, strategy, num(level), window, Long.toString(w.records()),
                num(w.accuracy()), num(w.realizedPrecision()), num(w.estimatedPrecision()), num(w.lowerBound()),
                num(w.threshold()), num(w.automationRate()), Long.toString(w.labels()), num(w.labelRate()),
                Long.toString(w.driftAlarms()), num(w.majority()));
    }

    /** Parses a line written by {@link #csv()} (used to merge MOA's results). */
    public static ResultRow parse(String line) {
        String[] c = line.split(",", -1);
        WindowResult w = new WindowResult(c[5].equals("all") ? 0 : Long.parseLong(c[5]), Long.parseLong(c[6]),
                d(c[7]), d(c[8]), d(c[9]), d(c[10]), d(c[11]), d(c[12]), Long.parseLong(c[13]), Long.parseLong(c[15]), d(c[16]));
        return new ResultRow(c[0], c[1], c[2], c[3], d(c[4]), c[5], w);
    }

    public boolean overall() {
        return window.equals("all");
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    public static ResultRow overall(RunResult r) {
        return row(r, "all", r.overall());
    }

    public static ResultRow row(RunResult r, String window, WindowResult w) {
        RunConfig c = r.config();
        return new ResultRow("triage", c.stream(), c.mode().label(), c.strategy(), c.level(), window, w);
    }
}
