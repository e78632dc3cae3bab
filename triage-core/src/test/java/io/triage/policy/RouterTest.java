package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.model.ScoringWeights;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final String[] CLASSES = {"no", "yes"};
    private static final int[] IDX = {0};

    /** One hashed feature x (no numeric scaling): P(yes) = sigmoid(x), P(no) = 1 - sigmoid(x). */
    private static ModelSnapshot snapshot(double threshold, double[] classThresholds, double auditRate) {
        ScoringWeights w = new ScoringWeights(CLASSES, 1, new double[] {0, 0, 1, 0});
        return new ModelSnapshot("m", 7, 3, w, new double[0], new double[0], threshold, classThresholds, auditRate,
                7, 0L);
    }

    private static Routing route(String id, double x, ModelSnapshot s) {
        return Router.route("m", id, IDX, new double[] {x}, s);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void coldStartWithoutModel() {
        Routing r = route("r1", 3, null);
        assertEquals(Route.COLD_START, r.route());
        assertNull(r.predicted());
        assertEquals(0, r.classes().length);
        assertEquals(0.0, r.confidence());
        assertEquals(1.0, r.labelWeight());
    }

    @Test
    void coldStartWhileThresholdIsOff() {
        Routing r = route("r1", 3, snapshot(Threshold.OFF, new double[0], 0.02));
        assertEquals(Route.COLD_START, r.route());
        assertEquals("yes", r.predicted()); // still scored, for the reviewer
        assertEquals(sigmoid(3), r.confidence(), 1e-12);
        assertArrayEquals(new double[] {1 - sigmoid(3), sigmoid(3)}, r.scores(), 1e-12);
    }

    @Test
    void reviewBelowTheThreshold() {
        Routing r = route("r1", 1, snapshot(0.9, new double[0], 0.02)); // sigmoid(1) = 0.731
        assertEquals(Route.REVIEW, r.route());
        assertEquals("yes", r.predicted());
        assertEquals(1.0, r.labelWeight());
        assertEquals(1 - (sigmoid(1) - (1 - sigmoid(1))), r.priority(), 1e-12);
        Routing no = route("r2", -1, snapshot(0.9, new double[0], 0.02));
        assertEquals("no", no.predicted());
        assertEquals(Route.REVIEW, no.route());
    }

    @Test
    void confidentRecordsAreAutomatedOrAuditedAtTheAuditRate() {
        double rate = 0.05;
        ModelSnapshot s = snapshot(0.9, new double[0], rate);
        int audits = 0, n = 40_000;
        for (int i = 0; i < n; i++) {
            Routing r = route("rec-" + i, (i % 2 == 0) ? 4 : -4, s);
            assertTrue(r.route() == Route.AUTO || r.route() == Route.AUDIT, r.route().toString());
            assertEquals((i % 2 == 0) ? "yes" : "no", r.predicted());
            if (r.route() == Route.AUDIT) {
                audits++;
                assertEquals(1 / rate, r.labelWeight(), 1e-9);
                assertTrue(AuditSampler.audited("m", "rec-" + i, rate));
            } else {
                assertEquals(1.0, r.labelWeight());
                assertTrue(r.automated());
            }
        }
        assertEquals(rate, (double) audits / n, 0.005);
    }

    @Test
    void replayGivesIdenticalRouting() {
        ModelSnapshot s = snapshot(0.8, new double[0], 0.1);
        for (int i = 0; i < 500; i++) {
            double x = (i % 13) - 6;
            Routing a = route("id-" + i, x, s);
            Routing b = route("id-" + i, x, snapshot(0.8, new double[0], 0.1)); // an equal snapshot, rebuilt
            assertEquals(a.route(), b.route());
            assertEquals(a.predicted(), b.predicted());
            assertEquals(a.confidence(), b.confidence());
            assertArrayEquals(a.scores(), b.scores());
            assertEquals(a.labelWeight(), b.labelWeight());
            assertEquals(a.priority(), b.priority());
        }
    }

    @Test
    void perClassThresholdsOverrideTheGlobalOne() {
        // "no" automates from 0.6, "yes" never; the global threshold (0.99) is ignored
        ModelSnapshot s = snapshot(0.99, new double[] {0.6, Threshold.OFF}, 1e-9);
        assertEquals(Route.AUTO, route("a", -1, s).route());   // no: 0.731 ≥ 0.6
        assertEquals(Route.COLD_START, route("b", 5, s).route()); // yes: its threshold is off
        ModelSnapshot t = snapshot(0.99, new double[] {0.8, 0.7}, 1e-9);
        assertEquals(Route.REVIEW, route("c", -1, t).route()); // no: 0.731 < 0.8
        assertEquals(Route.AUTO, route("d", 1, t).route());    // yes: 0.731 ≥ 0.7
        assertEquals(Route.REVIEW, route("e", 1, snapshot(0.99, new double[0], 1e-9)).route());
    }
}
