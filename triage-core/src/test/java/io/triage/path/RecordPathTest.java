package io.triage.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditType;
import io.triage.event.DecisionSource;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.Route;
import io.triage.model.ScoringWeights;
import io.triage.policy.AuditDraw;
import io.triage.policy.StaleLease;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicyMode;
import io.triage.spec.PolicySpec;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The record path's ends: what the Scorer, the replay and the verifier all build from a routing. */
class RecordPathTest {
    private static final String[] CLASSES = {"no", "yes"};
    private static final long DEADLINE = 60_000;

    /** One hashed feature x: P(yes) = sigmoid(x); threshold 0.9, no audits. */
    private static ModelSnapshot confident() {
        return new ModelSnapshot("m", 7, 3, new ScoringWeights(CLASSES, 1, new double[] {0, 0, 1, 0}), new double[0],
                new double[0], 0.9, new double[0], 0.0, 7, 0L);
    }

    private static Record record(String id, double x) {
        return new Record(id, "m", 1_000, "{\"x\":" + x + "}", new int[] {0}, new double[] {x});
    }

    private static RecordPath path(StaleLease lease) {
        return new RecordPath(new RecordRouter(AuditDraw.keyed(null)), lease, model -> DEADLINE);
    }

    private static StaleLease lease(long records) {
        ModelSpec m = new ModelSpec("m", List.of(CLASSES), null, null,
                PolicySpec.builder().staleLease(records).build(), null);
        return StaleLease.of(List.of(m));
    }

    @Test
    void aConfidentRecordEndsInAnAutomatedDecisionNamingTheVersionsUsed() {
        RecordOutcome o = path(StaleLease.none()).take(record("r1", 4), confident(), 5_000);
        assertTrue(o.automated());
        assertNull(o.review());
        assertEquals("yes", o.decision().decision());
        assertEquals(DecisionSource.AUTO, o.decision().source());
        assertEquals(Route.AUTO, o.decision().route());
        assertEquals(1 / (1 + Math.exp(-4)), o.decision().confidence(), 1e-12);
        assertEquals(7, o.decision().modelVersion());
        assertEquals(3, o.decision().policyVersion());
        assertEquals(1_000, o.decision().ts());
        assertEquals(5_000, o.decision().requestedAt());
        assertEquals(5_000, o.decision().decidedAt());
        assertEquals(AuditType.SCORED, o.scored().type());
        assertEquals(Route.AUTO, o.scored().route());
        assertEquals(7, o.scored().modelVersion());
        assertEquals(Double.valueOf(1.0), o.scored().labelWeight());
    }

    @Test
    void anUncertainRecordEndsInAReviewRequestWithItsDeadline() {
        RecordOutcome o = path(StaleLease.none()).take(record("r2", 0.5), confident(), 5_000);
        assertFalse(o.automated());
        assertEquals(Route.REVIEW, o.review().reason());
        assertEquals(5_000 + DEADLINE, o.review().deadline());
        assertEquals(5_000, o.review().requestedAt());
        assertEquals("{\"x\":0.5}", o.review().features(), "the reviewer sees the record");
        assertEquals("yes", o.review().predicted());
        assertEquals(Route.REVIEW, o.scored().route());
    }

    @Test
    void withoutAModelEveryRecordIsAColdStartReviewOfVersionZero() {
        RecordOutcome o = path(StaleLease.none()).take(record("r3", 4), null, 5_000);
        assertEquals(Route.COLD_START, o.review().reason());
        assertEquals(0, o.review().modelVersion());
        assertEquals(0, o.scored().policyVersion());
    }

    @Test
    void pastItsLeaseAConfidentRecordGoesToReviewAsStaleUntilThePolicyIsUpdated() {
        RecordPath path = path(lease(3));
        for (int i = 0; i < 3; i++) assertTrue(path.take(record("a" + i, 4), confident(), i).automated());
        RecordOutcome stale = path.take(record("s", 4), confident(), 3);
        assertFalse(stale.automated());
        assertEquals(Route.STALE, stale.review().reason());
        assertEquals(1.0, stale.review().labelWeight(), "a held-back record is reviewed, not sampled");
        assertEquals(Route.STALE, stale.scored().route());
        path.policyUpdated("m");
        assertTrue(path.take(record("b", 4), confident(), 4).automated(), "an update renews the lease");
    }

    @Test
    void budgetModeTakesNoLease() {
        ModelSpec m = new ModelSpec("m", List.of(CLASSES), null, null,
                PolicySpec.builder().mode(PolicyMode.BUDGET).staleLease(1L).build(), null);
        RecordPath path = path(StaleLease.of(List.of(m)));
        for (int i = 0; i < 5; i++) assertTrue(path.take(record("a" + i, 4), confident(), i).automated());
    }

    @Test
    void anOutcomeIsADecisionOrAReviewNeverBoth() {
        RecordOutcome o = path(StaleLease.none()).take(record("r1", 4), confident(), 5_000);
        assertThrows(IllegalArgumentException.class, () -> new RecordOutcome(o.routing(), o.scored(), null, null));
    }

    /** x declared numeric (index 0, scaled by mean 0 and std 1), in a space of 1 + 2 hashed buckets. */
    private static final ModelSpec EXPLAINED = new ModelSpec("m", List.of(CLASSES),
            new java.util.LinkedHashMap<>(java.util.Map.of("x", io.triage.spec.FieldType.NUMERIC)),
            io.triage.spec.LearningSpec.hashBits(1), PolicySpec.builder().staleLease(1L).build(), null);

    private static ModelSnapshot explainedSnapshot(double auditRate) {
        return new ModelSnapshot("m", 7, 3, new ScoringWeights(CLASSES, 3, new double[] {0, 0, 0, 0, 1, 0, 0, 0}),
                new double[] {0}, new double[] {1}, 0.9, new double[0], auditRate, 7, 0L);
    }

    private static RecordPath explaining(StaleLease lease) {
        return new RecordPath(new RecordRouter(AuditDraw.keyed(null)), lease, model -> DEADLINE,
                new ReviewExplainer(List.of(EXPLAINED)));
    }

    @Test
    void aReviewOrAStaleRecordCarriesItsContributionsAnAuditNone() {
        RecordPath path = explaining(StaleLease.of(List.of(EXPLAINED)));
        RecordOutcome review = path.take(record("r1", 0.5), explainedSnapshot(0), 1);
        assertEquals(Route.REVIEW, review.review().reason());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new io.triage.event.Contribution[] {new io.triage.event.Contribution("x = 0.5", 0.5)},
                review.review().contributions(), "(1 − 0) · 0.5 toward yes");

        assertTrue(path.take(record("a1", 4), explainedSnapshot(0), 2).automated());
        RecordOutcome stale = path.take(record("s1", 4), explainedSnapshot(0), 3);
        assertEquals(Route.STALE, stale.review().reason());
        assertEquals("x = 4", stale.review().contributions()[0].label());

        RecordOutcome audit = explaining(StaleLease.none()).take(record("au", 4), explainedSnapshot(1.0), 4);
        assertEquals(Route.AUDIT, audit.review().reason());
        assertNull(audit.review().contributions(), "audits are blind");
        assertNull(explaining(StaleLease.none()).take(record("c", 4), null, 5).review().contributions(),
                "no model, nothing to explain");
        assertNull(path(StaleLease.none()).take(record("r1", 0.5), explainedSnapshot(0), 1).review().contributions(),
                "a path without an explainer (a replay) explains nothing");
    }
}
