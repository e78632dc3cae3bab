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

    static String markdown(List<RunResult> runs, List<ResultRow> moa, String settings) {
        StringBuilder b = new StringBuilder("# Learning benchmark\n\n").append(settings).append("\n\n");
        b.append(budgetTable(runs, moa)).append('\n').append(guaranteeTable(runs)).append('\n').append(driftTable(runs));
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

    static String guaranteeTable(List<RunResult> runs) {
        StringBuilder b = new StringBuilder("## Guarantee mode: automation and realized precision by target\n\n");
        b.append("| stream | target | automation % | realized precision % | estimated % | lower bound % | "
                + "worst window realized % | labeled % | accuracy % | threshold | alarms | rec/s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : runs) {
            if (r.config().mode() != RunConfig.Mode.GUARANTEE) continue;
            WindowResult o = r.overall();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %,.0f |%n",
                    r.config().stream(), fmt(r.config().level()), pct(o.automationRate()), pct(o.realizedPrecision()),
                    pct(o.estimatedPrecision()), pct(o.lowerBound()), pct(r.worstWindowPrecision(100)),
                    pct(o.labelRate()), pct(o.accuracy()), Double.isNaN(o.threshold()) ? "off" : fmt(o.threshold()),
                    o.driftAlarms(), r.recordsPerSecond()));
        }
        b.append("\nEstimated precision and its lower bound are the learner's at the end of the stream; the worst "
                + "window is the lowest realized precision over windows with ≥ 100 automated records.\n");
        return b.toString();
    }

    /** Alarms against known change points, for streams that have them (guarantee runs and budget b = 0.1). */
    static String driftTable(List<RunResult> runs) {
        StringBuilder b = new StringBuilder("## Drift alarms vs known change points\n\n| run | change points | alarms |\n|---|---|---|\n");
        for (RunResult r : runs) {
            RunConfig c = r.config();
            if (r.changePoints().length == 0) continue;
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
