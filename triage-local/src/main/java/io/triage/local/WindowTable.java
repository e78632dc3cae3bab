package io.triage.local;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A finished run window by window, against a hindsight oracle. The scored records (SCORED events of decided
 * records) in record order — record time, ties by the number the id ends with — are cut into windows of
 * {@code size}; per window: the share automated, the realized precision of the automated decisions (source
 * AUTO), and the oracle's automation: the largest k such that the k most confident routing-time predictions of
 * the window are right at least {@code target} of the time, over the window size — what one threshold, chosen
 * knowing the truth, could have automated. Records without a prediction never count for the oracle. These are
 * the definitions of shared/tools/window_oracle.py, which the tests run as an independent check.
 */
public record WindowTable(Settings settings, List<Window> windows) {

    /** @param minAutomated a window is judged against the target only with this many automated decisions */
    public record Settings(double target, int size, int minAutomated) {
        public Settings {
            if (size < 1) throw new IllegalArgumentException("window size must be at least 1, was " + size);
            if (minAutomated < 1) {
                throw new IllegalArgumentException("minimum automated per window must be at least 1, was " + minAutomated);
            }
        }
    }

    /**
     * One window; {@code first} is the position of its first record in record order. {@code precision} is NaN
     * without automated decisions; {@code counted}: enough automated decisions to judge the window.
     */
    public record Window(long first, long records, long automated, long automatedCorrect, double automation,
                         double precision, long oracleAutomated, double oracleAutomation, boolean counted,
                         boolean belowTarget, long firstTs, long lastTs) {}

    /** A scored record with what the table needs from its decision. */
    private record Scored(String id, long ts, BigInteger idNumber, DecisionSource source, String decision,
                          String truth, String predicted, double confidence) {}

    private static final Comparator<Scored> RECORD_ORDER = Comparator.comparingLong(Scored::ts)
            .thenComparing(Scored::idNumber).thenComparing(Scored::id);

    // Descending confidence; equal ones keep record order (the sort is stable), as in the script.
    private static final Comparator<Scored> MOST_CONFIDENT_FIRST = (a, b) ->
            a.confidence() > b.confidence() ? -1 : a.confidence() < b.confidence() ? 1 : 0;

    /**
     * @param decisions committed decisions (for a record decided twice, the last one counts)
     * @param truth     record id → true class
     * @param scored    SCORED audit events (other events are ignored); one row per event of a decided record
     */
    public static WindowTable of(Settings settings, Collection<Decision> decisions, Map<String, String> truth,
                                 Collection<AuditEvent> scored) {
        Map<String, Decision> byId = new HashMap<>();
        for (Decision d : decisions) byId.put(d.recordId(), d);
        List<Scored> rows = new ArrayList<>();
        for (AuditEvent e : scored) {
            Decision d = e.type() == AuditType.SCORED ? byId.get(e.recordId()) : null;
            if (d == null) continue;
            // a missing confidence ranks as 0, like the script's `confidence or 0.0`
            double c = Double.isNaN(e.confidence()) ? 0.0 : e.confidence();
            String predicted = e.predicted() == null || e.predicted().isEmpty() ? null : e.predicted();
            rows.add(new Scored(e.recordId(), d.ts(), trailingNumber(e.recordId()), d.source(), d.decision(),
                    truth.get(e.recordId()), predicted, c));
        }
        rows.sort(RECORD_ORDER);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += settings.size()) {
            windows.add(window(settings, i, rows.subList(i, Math.min(rows.size(), i + settings.size()))));
        }
        return new WindowTable(settings, List.copyOf(windows));
    }

    private static Window window(Settings s, long first, List<Scored> w) {
        long auto = 0;
        long ok = 0;
        List<Scored> ranked = new ArrayList<>();
        for (Scored r : w) {
            if (r.source() == DecisionSource.AUTO) {
                auto++;
                if (Objects.equals(r.decision(), r.truth())) ok++;
            }
            if (r.predicted() != null) ranked.add(r);
        }
        ranked.sort(MOST_CONFIDENT_FIRST);
        long good = 0;
        long best = 0;
        for (int k = 1; k <= ranked.size(); k++) {
            if (ranked.get(k - 1).predicted().equals(ranked.get(k - 1).truth())) good++;
            if ((double) good / k >= s.target()) best = k;
        }
        boolean counted = auto >= s.minAutomated();
        double precision = auto == 0 ? Double.NaN : (double) ok / auto;
        return new Window(first, w.size(), auto, ok, (double) auto / w.size(), precision, best,
                (double) best / w.size(), counted, counted && precision < s.target(), w.get(0).ts(),
                w.get(w.size() - 1).ts());
    }

    /** The number an id ends with (0 without one): tx-9 comes before tx-10. */
    static BigInteger trailingNumber(String id) {
        int i = id.length();
        while (i > 0 && id.charAt(i - 1) >= '0' && id.charAt(i - 1) <= '9') i--;
        return i == id.length() ? BigInteger.ZERO : new BigInteger(id.substring(i));
    }

    public long records() {
        return windows.stream().mapToLong(Window::records).sum();
    }

    public long automated() {
        return windows.stream().mapToLong(Window::automated).sum();
    }

    public long oracleAutomated() {
        return windows.stream().mapToLong(Window::oracleAutomated).sum();
    }

    /** Share of the records automated (NaN without records). */
    public double automation() {
        return records() == 0 ? Double.NaN : (double) automated() / records();
    }

    /** Realized precision of all automated decisions (NaN without any). */
    public double precision() {
        long a = automated();
        return a == 0 ? Double.NaN : (double) windows.stream().mapToLong(Window::automatedCorrect).sum() / a;
    }

    /** The oracle's automation over all records (NaN without records). */
    public double oracleAutomation() {
        return records() == 0 ? Double.NaN : (double) oracleAutomated() / records();
    }

    /** Automated decisions per decision the oracle could have automated (NaN when it could automate none). */
    public double automationToOracle() {
        long o = oracleAutomated();
        return o == 0 ? Double.NaN : (double) automated() / o;
    }

    public long windowsCounted() {
        return windows.stream().filter(Window::counted).count();
    }

    public long windowsBelowTarget() {
        return windows.stream().filter(Window::belowTarget).count();
    }

    /** The table as the demo prints it, two-space indented, ending with the windows-below-target line. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  per window of %d records in record order; oracle: the most one confidence "
                + "threshold could have automated at precision ≥ %s, chosen knowing the truth%n", settings.size(),
                settings.target()));
        b.append(String.format(Locale.ROOT, "  %10s %8s %7s %9s %9s%n", "first", "records", "auto %", "precision",
                "oracle %"));
        for (Window w : windows) {
            String note = w.belowTarget() ? "  below target" : !w.counted() && w.automated() > 0 ? "  (few automated)" : "";
            b.append(String.format(Locale.ROOT, "  %10d %8d %7.1f %9s %9.1f%s%n", w.first(), w.records(),
                    100 * w.automation(), Double.isNaN(w.precision()) ? "–" : String.format(Locale.ROOT, "%.3f",
                            w.precision()), 100 * w.oracleAutomation(), note));
        }
        b.append(String.format(Locale.ROOT, "  windows below target: %d of %d (window %d records, ≥ %d automated)%n",
                windowsBelowTarget(), windowsCounted(), settings.size(), settings.minAutomated()));
        b.append(String.format(Locale.ROOT, "  automation / oracle: %.1f%% / %.1f%% of the records (%s of the oracle's)%n",
                100 * automation(), 100 * oracleAutomation(),
                Double.isNaN(automationToOracle()) ? "–" : String.format(Locale.ROOT, "%.2f", automationToOracle())));
        return b.toString();
    }
}
