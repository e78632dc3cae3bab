package io.triage.local;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Route;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window table against values worked out by hand. */
class WindowTableTest {
    private final List<Decision> decisions = new ArrayList<>();
    private final Map<String, String> truth = new HashMap<>();
    private final List<AuditEvent> audit = new ArrayList<>();

    /** A decided record with its SCORED event (predicted null: no model yet). */
    private void record(String id, long ts, DecisionSource source, String decision, String trueClass, String predicted,
                        double confidence) {
        decisions.add(new Decision(id, "m", decision, source, source == DecisionSource.AUTO ? Route.AUTO : Route.REVIEW,
                predicted, confidence, 1, 1, null, ts, ts, ts));
        truth.put(id, trueClass);
        audit.add(AuditEvent.of(AuditType.SCORED, id, "m", 1, 1, ts).withRoute(Route.REVIEW, predicted, confidence));
    }

    @Test
    void windowsInRecordOrderWithTheHindsightOracle() {
        // given out of record order; r-10 follows r-9 at the same time (by number, not as text)
        record("r-10", 200, DecisionSource.AUTO, "b", "b", "b", 0.99);
        record("r-2", 100, DecisionSource.HUMAN, "b", "b", "a", 0.60);
        record("r-9", 200, DecisionSource.AUTO, "a", "b", "a", 0.90);
        decisions.add(new Decision("r-1", "m", "b", DecisionSource.HUMAN, Route.REVIEW, "a", 0.95, 1, 1, "x", 100, 0, 0));
        record("r-1", 100, DecisionSource.AUTO, "a", "a", "a", 0.95); // decided twice: the last decision counts
        record("r-3", 300, DecisionSource.EXPIRED, null, "a", null, Double.NaN);
        record("r-4", 300, DecisionSource.HUMAN, "a", "a", "b", 0.55);
        record("r-5", 400, DecisionSource.AUTO, "a", "a", "a", 0.80);
        record("r-6", 500, DecisionSource.HUMAN, "b", "b", "b", 0.70);
        record("x", 600, DecisionSource.AUTO, "a", "a", "a", 0.90);
        audit.add(AuditEvent.of(AuditType.SCORED, "r-99", "m", 1, 1, 50).withRoute(Route.AUTO, "a", 0.99)); // not decided
        audit.add(AuditEvent.of(AuditType.LABELED, "r-2", "m", 1, 1, 150).withLabel("b", "alice"));

        WindowTable t = WindowTable.of(new WindowTable.Settings(0.75, 4, 2), decisions, truth, audit);

        assertEquals(3, t.windows().size());
        // r-1 r-2 r-9 r-10: automated r-1 (right), r-9 (wrong), r-10 (right) → 2/3 < 0.75 with 3 ≥ 2 automated.
        // Oracle by confidence: r-10 ✓, r-1 ✓, r-9 ✗, r-2 ✗ → k = 2 keeps precision ≥ 0.75 → 2 of 4.
        assertEquals(new WindowTable.Window(0, 4, 3, 2, 0.75, 2.0 / 3, 2, 0.5, true, true, 100, 200), t.windows().get(0));
        // r-3 (no prediction: never the oracle's) r-4 r-5 r-6: one automated, right, too few to judge.
        // Oracle: r-5 ✓ 0.80, r-6 ✓ 0.70, r-4 ✗ 0.55 → k = 2 → 2 of 4.
        assertEquals(new WindowTable.Window(4, 4, 1, 1, 0.25, 1.0, 2, 0.5, false, false, 300, 500), t.windows().get(1));
        // x (an id without a number): the last, partial window
        assertEquals(new WindowTable.Window(8, 1, 1, 1, 1.0, 1.0, 1, 1.0, false, false, 600, 600), t.windows().get(2));

        assertEquals(9, t.records());
        assertEquals(5, t.automated());
        assertEquals(5.0 / 9, t.automation(), 1e-12);
        assertEquals(4.0 / 5, t.precision(), 1e-12);
        assertEquals(5.0 / 9, t.oracleAutomation(), 1e-12);
        assertEquals(1.0, t.automationToOracle(), 1e-12);
        assertEquals(1, t.windowsCounted());
        assertEquals(1, t.windowsBelowTarget());
        String text = t.text();
        assertTrue(text.contains("  windows below target: 1 of 1 (window 4 records, ≥ 2 automated)\n"), text);
        assertTrue(text.contains("automation / oracle: 55.6% / 55.6% of the records (1.00 of the oracle's)"), text);
        assertTrue(text.contains("0.667") && text.contains("below target") && text.contains("(few automated)"), text);
    }

    @Test
    void equallyConfidentPredictionsRankInRecordOrder() {
        // target 1: the oracle stops at the first wrong prediction, so the order of the tie decides
        record("r-1", 1, DecisionSource.HUMAN, "b", "b", "a", 0.9);
        record("r-2", 1, DecisionSource.HUMAN, "a", "a", "a", 0.9);
        assertEquals(0, WindowTable.of(new WindowTable.Settings(1.0, 10, 1), decisions, truth, audit).oracleAutomated());
        truth.put("r-1", "a");
        truth.put("r-2", "b");
        assertEquals(1, WindowTable.of(new WindowTable.Settings(1.0, 10, 1), decisions, truth, audit).oracleAutomated());
    }

    @Test
    void anEmptyRunHasNoWindows() {
        WindowTable t = WindowTable.of(new WindowTable.Settings(0.9, 2000, 50), decisions, truth, audit);
        assertTrue(t.windows().isEmpty());
        assertEquals(0, t.windowsCounted());
        assertTrue(Double.isNaN(t.automation()) && Double.isNaN(t.oracleAutomation()));
        assertTrue(t.text().contains("windows below target: 0 of 0 (window 2000 records, ≥ 50 automated)"));
    }

    @Test
    void idsOrderByTheNumberTheyEndWith() {
        assertEquals(BigInteger.valueOf(7), WindowTable.trailingNumber("tx-007"));
        assertEquals(BigInteger.ZERO, WindowTable.trailingNumber("abc"));
        assertEquals(new BigInteger("123456789012345678901234567890"),
                WindowTable.trailingNumber("id-123456789012345678901234567890"));
        assertFalse(WindowTable.trailingNumber("a9b").signum() != 0);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new WindowTable.Settings(0.9, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> new WindowTable.Settings(0.9, 100, 0));
    }
}
