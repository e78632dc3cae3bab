package io.triage.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Renders the Markdown tables of learning.md from the runs (and merged MOA rows). */
final class ResultTables {
    private ResultTables() {}

    static String markdown(List<RunResult> runs, List<ResultRow> moa, String settings, List<Integer> sizes) {
        StringBuilder b = new StringBuilder("# Learning benchmark\n\n").append(settings).append("\n\n");
        b.append(budgetTable(runs, moa)).append('\n').append(guaranteeTables(PooledRuns.group(runs), sizes))
                .append('\n').append(driftTable(runs));
        return b.toString();
    }

    /** Accuracy vs budget, one row per stream × strategy (× source); cells "accuracy % (labeled %)". */
    static String budgetTable(List<RunResult> runs, List<ResultRow> moa) {
        List<ResultRow> rows = new ArrayList<>();
        for (RunResult r : runs) if (r.config().mode() == RunConfig.Mode.BUDGET) rows.add(ResultRow.overall(r));
        rows.addAll(moa);
        return budgetTable(rows);
    }

    /** The budget table from CSV rows (overall budget-mode rows of any source). */
    static String budgetTable(List<ResultRow> all) {
        List<ResultRow> rows = all.stream().filter(r -> r.overall() && r.mode().equals("budget")).toList();
        if (rows.isEmpty()) return "";
        Set<Double> budgets = new TreeSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            budgets.add(r.level());
            keys.add(r.stream() + "|" + r.source() + "|" + r.strategy());
        }
        StringBuilder b = new StringBuilder("## Budget mode: prequential accuracy % (labeled %) by budget\n\n");
        b.append("| stream | source | strategy | majority |");
        for (double x : budgets) b.append(" b=").append(fmt(x)).append(" |");
        b.append("\n|---|---|---|---|").append("---|".repeat(budgets.size())).append('\n');
        for (String k : keys) {
            String[] p = k.split("\\|", -1);
            double majority = Double.NaN;
            StringBuilder cells = new StringBuilder();
            for (double x : budgets) {
                ResultRow hit = rows.stream().filter(r -> (r.stream() + "|" + r.source() + "|" + r.strategy()).equals(k)
                        && r.level() == x).findFirst().orElse(null);
                if (hit != null && !Double.isNaN(hit.w().majority())) majority = hit.w().majority();
                cells.append(' ').append(hit == null ? "–" : pct(hit.w().accuracy()) + " (" + pct(hit.w().labelRate()) + ")")
                        .append(" |");
            }
            b.append("| ").append(p[0]).append(" | ").append(p[1]).append(" | ").append(p[2]).append(" | ")
                    .append(pct(majority)).append(" |").append(cells).append('\n');
        }
        return b.toString();
    }

    /** Verdict and per-window-size tables of guarantee mode (the header is what {@link MoaMerge} looks for). */
    static String guaranteeTables(List<PooledRuns> pools, List<Integer> sizes) {
        if (pools.isEmpty()) return "";
        StringBuilder b = new StringBuilder("## Guarantee mode: the per-window precision promise\n\n");
        b.append(String.format(Locale.ROOT, "Counted windows automated at least %d records. The hindsight oracle "
                + "automates, per window, the largest set of most confident routing-time predictions whose precision "
                + "on the truth reaches the target (shared/tools/window_oracle.py); ratio = automation / oracle "
                + "automation. Human effort = (reviews + audits + cold-start requests) / records. Recovery = labels "
                + "reaching the learner from a change point until a %,d-record window automates ≥ %.0f%% of the "
                + "oracle's share (median over seeds per change point; never: the segment ended first). Ceiling: "
                + "1 − class noise of the stream's truth (– unknown); † target at or above it.%n%n",
                WindowCheck.MIN_AUTOMATED, Recovery.WINDOW, 100 * Recovery.SHARE_OF_ORACLE));
        b.append(verdicts(pools, sizes)).append('\n');
        for (int size : sizes) b.append(sizeTable(pools, size, size == sizes.get(0))).append('\n');
        return b.toString();
    }

    /** Per stream × target, each policy against the targets: ok, or what failed. */
    static String verdicts(List<PooledRuns> pools, List<Integer> sizes) {
        List<String> policies = new ArrayList<>(new LinkedHashSet<>(pools.stream().map(p -> p.first().policy().label()).toList()));
        Set<String> keys = new LinkedHashSet<>();
        for (PooledRuns p : pools) keys.add(p.first().stream() + "|" + p.first().level());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "### Targets met (every window size: ≤ 5%% of "
                + "windows below target, none below target − %.2f; automation ≥ 70%% of the oracle on %,d-record "
                + "windows; recovery ≤ 2,000 labels)%n%n| stream | ceiling | target |", GuaranteeStats.MARGIN, sizes.get(0)));
        for (String p : policies) b.append(' ').append(p).append(" |");
        b.append("\n|---|---|---|").append("---|".repeat(policies.size())).append('\n');
        for (String k : keys) {
            PooledRuns any = pools.stream().filter(p -> key(p).equals(k)).findFirst().orElseThrow();
            double target = any.first().level();
            b.append("| ").append(any.first().stream()).append(" | ").append(fmt(any.noiseCeiling())).append(" | ")
                    .append(fmt(target)).append(target >= any.noiseCeiling() ? " †" : "").append(" |");
            for (String pol : policies) {
                PooledRuns p = pools.stream().filter(x -> key(x).equals(k) && x.first().policy().label().equals(pol))
                        .findFirst().orElse(null);
                b.append(' ').append(p == null ? "–" : verdict(p, sizes)).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String key(PooledRuns p) {
        return p.first().stream() + "|" + p.first().level();
    }

    static String verdict(PooledRuns p, List<Integer> sizes) {
        List<String> failed = new ArrayList<>();
        double below = 0, margin = 0;
        for (int size : sizes) {
            GuaranteeStats s = p.stats(size);
            if (s.counted() > 0) {
                below = Math.max(below, s.belowTarget());
                margin = Math.max(margin, s.belowMargin());
            }
        }
        if (below > 0.05) failed.add("below " + pct(below) + "%");
        if (margin > 0) failed.add("< t−" + GuaranteeStats.MARGIN + " " + pct(margin) + "%");
        GuaranteeStats first = p.stats(sizes.get(0));
        if (!(first.ratio() >= 0.7) && first.oracle() > 0) failed.add("ratio " + String.format(Locale.ROOT, "%.2f", first.ratio()));
        double slowest = 0;
        for (double r : p.recoveryMedians()) slowest = Math.max(slowest, r);
        if (slowest > 2000) failed.add("recovery " + labels(slowest));
        return failed.isEmpty() ? "ok" : String.join(", ", failed);
    }

    static String sizeTable(List<PooledRuns> pools, int size, boolean withRecovery) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "### Windows of %,d records%n%n", size));
        b.append("| stream | target | policy | seeds | counted windows | min precision % | p5 precision % | below target % "
                + "| below t−0.03 % | automation % | oracle % | ratio (worst seed) | human effort % | realized % |"
                + (withRecovery ? " recovery labels |" : "") + "\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|").append(withRecovery ? "---|" : "").append('\n');
        for (PooledRuns p : pools) {
            GuaranteeStats s = p.stats(size);
            RunConfig c = p.first();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d / %d | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s |",
                    c.stream(), fmt(c.level()), c.policy().label(), s.runs(), s.counted(), s.windows(), pct(s.minPrecision()),
                    pct(s.p5Precision()), pct(s.belowTarget()), pct(s.belowMargin()), pct(s.automation()), pct(s.oracle()),
                    ratio(s.ratio()), ratio(s.worstRunRatio()), pct(s.humanEffort()), pct(p.overall().realizedPrecision())));
            if (withRecovery) {
                double[] m = p.recoveryMedians();
                StringBuilder r = new StringBuilder();
                for (double x : m) r.append(r.length() == 0 ? "" : " / ").append(labels(x));
                b.append(' ').append(m.length == 0 ? "–" : r).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String labels(double x) {
        return Double.isInfinite(x) ? "never" : Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%,.0f", x);
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }

    /** Alarms against known change points, for streams that have them (first seed; guarantee runs and budget b = 0.1). */
    static String driftTable(List<RunResult> runs) {
        StringBuilder b = new StringBuilder("## Drift alarms vs known change points (first seed)\n\n| run | change points | alarms |\n|---|---|---|\n");
        long firstSeed = runs.stream().mapToLong(r -> r.config().seed()).min().orElse(0);
        for (RunResult r : runs) {
            RunConfig c = r.config();
            if (r.changePoints().length == 0 || c.seed() != firstSeed) continue;
            if (c.mode() == RunConfig.Mode.BUDGET && c.level() != 0.1) continue;
            long tolerance = Math.max(1000, r.overall().records() / Math.max(1, r.changePoints().length + 1) / 2);
            b.append("| ").append(c).append(" | ").append(java.util.Arrays.toString(r.changePoints())).append(" | ")
                    .append(DriftScore.of(r.alarmPositions(), r.changePoints(), tolerance).summary()).append(" |\n");
        }
        return b.toString();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%s", v);
    }
}
