package io.triage.bench;

/**
 * One line of learning.csv, from Triage or MOA: the whole run (window "all"), one run's windows of one size
 * (window "w1000": the guarantee checks in {@code g}), or the same pooled over seeds (seed "all"); MOA's
 * runner also writes per-window lines (window = first record).
 *
 * @param policy threshold policy (guarantee mode; empty for MOA)
 * @param seed   the run's seed, "all" for rows pooled over seeds, empty for MOA
 * @param g      the guarantee columns (null: empty)
 */
public record ResultRow(String source, String stream, String mode, String strategy, double level, String window,
                        WindowResult w, String policy, String seed, Guarantee g) {
    public static final String HEADER = "source,stream,mode,strategy,level,window,records,accuracy,realized_precision,"
            + "estimated_precision,lower_bound,threshold,automation_rate,labels,label_rate,drift_alarms,majority,"
            + "policy,seed,runs,window_size,windows,counted_windows,min_precision,p5_precision,below_target,"
            + "below_margin,oracle_automation,oracle_ratio,worst_run_ratio,human_effort,noise_ceiling,recovery_labels";
    private static final int OLD_COLUMNS = 17;

    /**
     * The guarantee columns.
     *
     * @param stats       per-window checks (null on overall rows)
     * @param humanEffort (reviews + audits) / records
     * @param ceiling     the stream's noise ceiling (NaN: unknown)
     * @param recovery    labels until recovery after each change point, ";"-separated ("never"; median over
     *                    seeds on pooled rows)
     */
    public record Guarantee(GuaranteeStats stats, double humanEffort, double ceiling, String recovery) {}

    /** A row without guarantee columns (MOA's runner). */
    public ResultRow(String source, String stream, String mode, String strategy, double level, String window,
                     WindowResult w) {
        this(source, stream, mode, strategy, level, window, w, "", "", null);
    }

    public String csv() {
        String base = String.join(",", source, stream, mode, strategy, num(level), window, Long.toString(w.records()),
                num(w.accuracy()), num(w.realizedPrecision()), num(w.estimatedPrecision()), num(w.lowerBound()),
                num(w.threshold()), num(w.automationRate()), Long.toString(w.labels()), num(w.labelRate()),
                Long.toString(w.driftAlarms()), num(w.majority()));
        GuaranteeStats s = g == null ? null : g.stats();
        String stats = s == null ? ",,,,,,,,,"
                : String.join(",", Integer.toString(s.windowSize()), Long.toString(s.windows()),
                Long.toString(s.counted()), num(s.minPrecision()), num(s.p5Precision()), num(s.belowTarget()),
                num(s.belowMargin()), num(s.oracle()), num(s.ratio()), num(s.worstRunRatio()));
        String runs = s == null ? "" : Integer.toString(s.runs());
        return String.join(",", base, policy, seed, runs, stats, g == null ? "" : num(g.humanEffort()),
                g == null ? "" : num(g.ceiling()), g == null ? "" : g.recovery());
    }

    /** Parses the first columns of a line written by {@link #csv()} or by an earlier build (to merge MOA's rows). */
    public static ResultRow parse(String line) {
        String[] c = line.split(",", -1);
        if (c.length < OLD_COLUMNS) throw new IllegalArgumentException("not a learning.csv row: " + line);
        WindowResult w = new WindowResult(c[5].matches("\\d+") ? Long.parseLong(c[5]) : 0, Long.parseLong(c[6]),
                d(c[7]), d(c[8]), d(c[9]), d(c[10]), d(c[11]), d(c[12]), Long.parseLong(c[13]), Long.parseLong(c[15]), d(c[16]));
        return new ResultRow(c[0], c[1], c[2], c[3], d(c[4]), c[5], w, c.length > 17 ? c[17] : "",
                c.length > 18 ? c[18] : "", null);
    }

    public boolean overall() {
        return window.equals("all");
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static String num(double v) {
        if (Double.isInfinite(v)) return "never";
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    public static ResultRow overall(RunResult r) {
        return row(r, "all", null);
    }

    /** One run: its overall figures, with the checks of one window size (null: the overall row). */
    public static ResultRow row(RunResult r, String window, GuaranteeStats stats) {
        RunConfig c = r.config();
        boolean guarantee = c.mode() == RunConfig.Mode.GUARANTEE;
        Guarantee g = new Guarantee(stats, r.humanEffort(), r.noiseCeiling(), guarantee ? recoveries(r.recoveries()) : "");
        return new ResultRow("triage", c.stream(), c.mode().label(), c.strategy(), c.level(), window, r.overall(),
                guarantee ? c.policy().label() : "", Long.toString(c.seed()), g);
    }

    static String recoveries(long[] labels) {
        StringBuilder b = new StringBuilder();
        for (long l : labels) b.append(b.length() == 0 ? "" : ";").append(l == Recovery.NEVER ? "never" : Long.toString(l));
        return b.toString();
    }
}
