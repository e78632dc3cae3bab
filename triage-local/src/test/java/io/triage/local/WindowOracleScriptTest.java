package io.triage.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Route;
import io.triage.codec.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The window table against an independent implementation: shared/tools/window_oracle.py run on an output
 * directory written here in the demo's format. Skipped where python3 or the script is missing.
 */
class WindowOracleScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().resolve("../shared/tools/window_oracle.py").normalize();
    private static final double TARGET = 0.9;
    private static final int WINDOW = 1000;
    private static final int MIN_AUTO = 50;
    private static final Pattern TOTAL = Pattern.compile("TOTAL automated ([\\d.]+)% precision ([\\d.]+) \\| oracle "
            + "([\\d.]+)% \\| windows\\(>=(\\d+) auto\\) below target (\\d+)/(\\d+)");

    @Test
    void javaAndTheScriptAgreeOnEveryWindow(@TempDir Path run) throws Exception {
        assumeTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT);
        assumeTrue(python3Runs(), "no python3");
        writeRun(run, 3500, new Random(11));

        List<String> printed = runScript(run);
        WindowTable t = RunOutputs.read(run).windowTable(new WindowTable.Settings(TARGET, WINDOW, MIN_AUTO));

        List<String> rows = printed.subList(1, printed.size() - 1); // header, one line per window, TOTAL
        assertEquals(t.windows().size(), rows.size(), String.join("\n", printed));
        for (int i = 0; i < rows.size(); i++) {
            String[] c = rows.get(i).trim().split("\\s+");
            WindowTable.Window w = t.windows().get(i);
            String where = "window " + i + ": " + rows.get(i) + " vs " + w;
            assertEquals(Long.parseLong(c[0]), w.first(), where);
            assertClose(c[1], 100 * w.automation(), 0.05, where);
            if (c[2].equals("-")) assertTrue(Double.isNaN(w.precision()), where);
            else assertClose(c[2], w.precision(), 0.0005, where);
            assertClose(c[3], 100 * w.oracleAutomation(), 0.05, where);
        }
        Matcher m = TOTAL.matcher(printed.get(printed.size() - 1));
        assertTrue(m.find(), printed.get(printed.size() - 1));
        assertClose(m.group(1), 100 * t.automation(), 0.05, "total automation");
        assertClose(m.group(2), t.precision(), 0.0005, "total precision");
        assertClose(m.group(3), 100 * t.oracleAutomation(), 0.05, "oracle");
        assertEquals(Long.parseLong(m.group(5)), t.windowsBelowTarget(), "windows below target");
        assertEquals(Long.parseLong(m.group(6)), t.windowsCounted(), "windows counted");
        // the run was made so that there is something to agree on
        assertTrue(t.windowsBelowTarget() > 0 && t.windowsBelowTarget() < t.windowsCounted(), t.text());
        assertTrue(t.windows().stream().anyMatch(w -> !w.counted()), t.text());
    }

    /** Printed figures are rounded: equal within half a unit of the last digit. */
    private static void assertClose(String printed, double actual, double halfUnit, String where) {
        assertEquals(Double.parseDouble(printed), actual, halfUnit + 1e-9, where);
    }

    /**
     * A run in the demo's format: three records per timestamp (so the order of rec-9, rec-10, rec-11 needs the
     * numeric tie-break), confidences rounded to 0.01 (ties in the oracle's ranking), some records without a
     * prediction, a cold start (first window: too few automated to judge), a model overconfident after record
     * 2000 (windows below target), files written out of record order, other audit events and a SCORED event for
     * a record that was never decided.
     */
    private static void writeRun(Path dir, int n, Random rnd) throws IOException {
        List<String> decisions = new ArrayList<>();
        List<String> audit = new ArrayList<>();
        String[] classes = {"a", "b", "c"};
        for (int i = 1; i <= n; i++) {
            String id = "rec-" + i;
            long ts = 1_700_000_000_000L + (i / 3) * 1000L;
            String truth = classes[rnd.nextInt(3)];
            String predicted = null;
            double conf = Double.NaN;
            if (rnd.nextDouble() > 0.05) {
                conf = Math.round((0.34 + 0.66 * rnd.nextDouble()) * 100) / 100.0;
                boolean right = rnd.nextDouble() < (i > 2000 ? conf - 0.12 : conf);
                predicted = right ? truth : classes[(List.of(classes).indexOf(truth) + 1 + rnd.nextInt(2)) % 3];
            }
            DecisionSource source;
            String decision;
            Route route;
            if (i > 960 && predicted != null && conf >= 0.8 && rnd.nextDouble() < 0.9) { // cold start first
                source = DecisionSource.AUTO;
                decision = predicted;
                route = Route.AUTO;
            } else if (rnd.nextDouble() < 0.95) {
                source = DecisionSource.HUMAN;
                decision = rnd.nextDouble() < 0.98 ? truth : classes[rnd.nextInt(3)];
                route = predicted == null ? Route.COLD_START : Route.REVIEW;
            } else {
                source = DecisionSource.EXPIRED;
                decision = predicted;
                route = predicted == null ? Route.COLD_START : Route.REVIEW;
            }
            ObjectNode d = Json.MAPPER.valueToTree(new Decision(id, "m", decision, source, route, predicted, conf, i, 1,
                    source == DecisionSource.HUMAN ? "alice" : null, ts, ts, ts + 5));
            d.put("truth", truth); // as DemoMonitor adds it
            decisions.add(d.toString());
            audit.add(Json.write(AuditEvent.of(AuditType.SCORED, id, "m", i, 1, ts).withRoute(route, predicted, conf)
                    .with(b -> b.labelWeight(1.0))));
            if (source == DecisionSource.HUMAN) {
                audit.add(Json.write(AuditEvent.of(AuditType.LABELED, id, "m", i, 1, ts + 5).withLabel(decision, "alice")));
            }
        }
        audit.add(Json.write(AuditEvent.of(AuditType.MODEL_PUBLISHED, null, "m", 7, 1, 0).with(b -> b.weightsDigest("sha").labelsApplied(7L))));
        audit.add(Json.write(AuditEvent.of(AuditType.SCORED, "rec-99999", "m", 1, 1, 0).withRoute(Route.AUTO, "a", 0.99)));
        Collections.shuffle(decisions, rnd);
        Collections.shuffle(audit, rnd);
        Files.write(dir.resolve("decisions.jsonl"), decisions, StandardCharsets.UTF_8);
        Files.write(dir.resolve("audit.jsonl"), audit, StandardCharsets.UTF_8);
    }

    private static List<String> runScript(Path run) throws Exception {
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), run.toString(), Double.toString(TARGET),
                Integer.toString(WINDOW), Integer.toString(MIN_AUTO)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script finishes");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private static boolean python3Runs() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
