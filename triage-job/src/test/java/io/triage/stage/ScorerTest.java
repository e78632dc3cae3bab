package io.triage.stage;

import io.triage.policy.Threshold;
import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.ModelDelta;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.model.ScoringWeights;
import io.triage.spec.JobSpec;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private final JobSpec spec = Fixtures.spec(List.of());
    private final int dim = new FeatureSpace(spec.models().get(0)).dimension();

    private TwoInputStreamOperatorTestHarness<Record, ModelUpdate, Decision> harness() throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new Scorer(spec), List.of(Scorer.MODELS, Scorer.ACCURACY)));
    }

    /** The numeric "amount" (index 0, unscaled) decides: positive → "ok" with confidence sigmoid(2·amount). */
    private ModelSnapshot snapshot(long version, double threshold) {
        double[] w = new double[2 * (dim + 1)];
        w[0] = -1;          // fraud · amount
        w[dim + 1] = 1;     // ok · amount
        return new ModelSnapshot("fraud", version, version, new ScoringWeights(new String[] {"fraud", "ok"}, dim, w),
                new double[] {0.0}, new double[] {1.0}, threshold, new double[0], 1e-9, version, 0);
    }

    private static Record record(String id, double amount) {
        return new Record(id, "fraud", 77L, "{\"amount\":" + amount + "}", new int[] {0}, new double[] {amount});
    }

    @Test
    void withoutAModelEverythingIsAColdStartReview() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(1_000);
            h.processElement1(record("tx-1", 5), 0);
            assertTrue(h.extractOutputValues().isEmpty());
            List<ReviewRequest> reqs = side(h, Tags.REVIEW);
            assertEquals(1, reqs.size());
            ReviewRequest r = reqs.get(0);
            assertEquals(Route.COLD_START, r.reason());
            assertNull(r.predicted());
            assertEquals(0, r.modelVersion());
            assertEquals(1_000 + Fixtures.DEADLINE_MS, r.deadline());
            assertEquals(1_000, r.requestedAt());
            assertEquals(77L, r.ts());
            assertEquals("{\"amount\":5.0}", r.features());
            List<AuditEvent> audit = side(h, Tags.AUDIT);
            assertEquals(1, audit.size());
            assertEquals(AuditType.SCORED, audit.get(0).type());
            assertEquals(Route.COLD_START, audit.get(0).route());
            assertEquals("tx-1", audit.get(0).recordId());
        }
    }

    @Test
    void reviewRequestsCarryTheJobsSignatureWhichTheReadBackAccepts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.writeString(dir.resolve("keys.properties"),
                "job=dGhlLWpvYi1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=\n");
        JobSpec signed = spec.withReview(spec.review().withKeysFile(keys.toString()));
        ReviewRequest r;
        try (var h = new TwoInputStreamOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new Scorer(signed), List.of(Scorer.MODELS, Scorer.ACCURACY)))) {
            h.open();
            h.processElement1(record("tx-1", 5), 0);
            r = Fixtures.<ReviewRequest>side(h, Tags.REVIEW).get(0);
        }
        assertEquals(64, r.signature().length());
        try (var p = org.apache.flink.streaming.util.ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseReviewRequests(signed))) {
            p.processElement(io.triage.codec.Json.write(r), 0);
            assertEquals(1, p.extractOutputValues().size());
            assertTrue(side(p, Tags.DEAD_LETTER).isEmpty());
        }
    }

    @Test
    void auditsFollowTheSecretDrawNotThePublicOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.writeString(dir.resolve("keys.properties"),
                "job=dGhlLWpvYi1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=\n");
        JobSpec keyed = spec.withReview(spec.review().withKeysFile(keys.toString()));
        io.triage.policy.AuditDraw secret = io.triage.policy.AuditDraw.keyed(
                io.triage.security.KeyRing.load(keys).auditKey());
        ModelSnapshot s = snapshot(3, 0.5);
        ModelSnapshot audited = new ModelSnapshot(s.model(), s.version(), s.policyVersion(), s.weights(), s.scaleMean(),
                s.scaleStd(), 0.5, s.classThresholds(), 0.2, s.labelsApplied(), s.publishedAt());
        java.util.Set<String> expected = new java.util.HashSet<>(), publicDraw = new java.util.HashSet<>(),
                got = new java.util.HashSet<>();
        try (var h = new TwoInputStreamOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new Scorer(keyed), List.of(Scorer.MODELS, Scorer.ACCURACY)))) {
            h.open();
            h.processElement2(ModelUpdate.full(audited), 0);
            for (int i = 0; i < 2000; i++) {
                h.processElement1(record("tx-" + i, 5), 0); // all confident: AUTO or AUDIT by the draw alone
                if (secret.audited("fraud", "tx-" + i, 0.2)) expected.add("tx-" + i);
                if (io.triage.policy.AuditSampler.audited("fraud", "tx-" + i, 0.2)) publicDraw.add("tx-" + i);
            }
            for (ReviewRequest r : Fixtures.<ReviewRequest>side(h, Tags.REVIEW)) {
                assertEquals(Route.AUDIT, r.reason());
                got.add(r.recordId());
            }
        }
        assertEquals(expected, got);
        got.retainAll(publicDraw);
        assertTrue(got.size() < 0.3 * publicDraw.size(), "the public seed must not predict the audits: " + got.size());
    }

    @Test
    void confidentRecordsAreAutomatedAfterAModelArrives() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(2_000);
            h.processElement2(ModelUpdate.full(snapshot(3, 0.9)), 0);
            h.processElement1(record("tx-1", 5), 0);   // P(ok) = sigmoid(10) ≈ 0.99995
            h.processElement1(record("tx-2", 0.1), 0); // P(ok) = sigmoid(0.2) ≈ 0.55: review
            List<Decision> ds = h.extractOutputValues();
            assertEquals(1, ds.size());
            Decision d = ds.get(0);
            assertEquals("tx-1", d.recordId());
            assertEquals(DecisionSource.AUTO, d.source());
            assertEquals("ok", d.decision());
            assertEquals(3, d.modelVersion());
            assertEquals(3, d.policyVersion());
            assertEquals(1 / (1 + Math.exp(-10)), d.confidence(), 1e-12);
            List<ReviewRequest> reqs = side(h, Tags.REVIEW);
            assertEquals(1, reqs.size());
            assertEquals("tx-2", reqs.get(0).recordId());
            assertEquals(Route.REVIEW, reqs.get(0).reason());
            assertEquals(2, side(h, Tags.AUDIT).size());
        }
    }

    @Test
    void aStaleSnapshotDoesNotReplaceANewerOne() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot(5, 0.9)), 0);
            h.processElement2(ModelUpdate.full(snapshot(4, Threshold.OFF)), 0); // older: e.g. re-sent after a restore
            h.processElement1(record("tx-1", 5), 0);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(5, h.extractOutputValues().get(0).modelVersion());
            h.processElement2(ModelUpdate.full(snapshot(6, Threshold.OFF)), 0); // newer: replaces it
            h.processElement1(record("tx-2", 5), 0);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(Route.COLD_START, side(h, Tags.REVIEW).get(0).reason());
            assertEquals(6, side(h, Tags.REVIEW).get(0).modelVersion());
        }
    }

    /**
     * A promoted frozen version is older than the learning model that served before it; what orders updates is
     * the Learner's progress (labels applied), not the version.
     */
    @Test
    void aPromotedOlderVersionReplacesTheLatestModelWhenItIsNewerNews() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot(500, Threshold.OFF)), 0);
            ModelSnapshot promoted = snapshot(300, 0.9);
            h.processElement2(ModelUpdate.full(new ModelSnapshot(promoted.model(), 300, 9, promoted.weights(),
                    promoted.scaleMean(), promoted.scaleStd(), 0.9, new double[0], 1e-9, 501, 0)), 0);
            h.processElement1(record("tx-1", 5), 0);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(300, h.extractOutputValues().get(0).modelVersion());
            assertEquals(9, h.extractOutputValues().get(0).policyVersion());
        }
    }

    /** Without news from the Learner a subtask automates at most its lease; a policy update renews it. */
    @Test
    void automatesAtMostItsLeaseWithoutAPolicyUpdate() throws Exception {
        long lease = spec.models().get(0).policy().staleLease();
        try (var h = harness()) {
            h.open();
            ModelSnapshot s = snapshot(5, 0.9);
            h.processElement2(ModelUpdate.full(s), 0);
            for (int i = 0; i < lease + 10; i++) h.processElement1(record("tx-" + i, 5), 0);
            assertEquals(lease, h.extractOutputValues().size());
            List<ReviewRequest> stale = side(h, Tags.REVIEW);
            assertEquals(10, stale.size());
            assertTrue(stale.stream().allMatch(r -> r.reason() == Route.STALE && r.labelWeight() == 1.0));
            // a policy-only update (frozen version, one more label applied) renews the lease
            h.processElement2(ModelUpdate.delta(new ModelDelta("fraud", 5, 5, 6, new int[0], new double[0],
                    s.scaleMean(), s.scaleStd(), 0.9, new double[0], 1e-9, s.labelsApplied() + 1, 0)), 0);
            h.processElement1(record("tx-renewed", 5), 0);
            assertEquals(lease + 1, h.extractOutputValues().size());
            assertEquals(6, h.extractOutputValues().get((int) lease).policyVersion());
        }
    }

    @Test
    void broadcastStateSurvivesSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snap;
        try (var h = harness()) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot(7, 0.9)), 0);
            snap = h.snapshot(0, 0);
        }
        try (var h = harness()) {
            h.setup();
            h.initializeState(snap);
            h.open();
            h.processElement1(record("tx-1", 5), 0);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(DecisionSource.AUTO, h.extractOutputValues().get(0).source());
            assertEquals(7, h.extractOutputValues().get(0).modelVersion());
        }
    }

    private static io.triage.event.AnnotatorAccuracy estimates(long items, double alice) {
        return new io.triage.event.AnnotatorAccuracy("fraud", items, new String[] {"alice", "bob"},
                new double[] {alice, 0.7});
    }

    /** Requests whose route takes several weighted votes carry the latest estimates; the rest stay as they were. */
    @Test
    void weightedConsensusRequestsCarryTheLearnersLatestEstimates() throws Exception {
        for (io.triage.spec.ConsensusRule rule : io.triage.spec.ConsensusRule.values()) {
            JobSpec consensus = spec.withReview(spec.review().withConsensus(new io.triage.spec.ConsensusSpec(
                    java.util.Map.of("cold_start", 3, "review", 3), rule, null)));
            try (var h = new TwoInputStreamOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(
                    new Scorer(consensus), List.of(Scorer.MODELS, Scorer.ACCURACY)))) {
                h.open();
                h.processElement1(record("tx-0", 5), 0); // no estimates yet
                h.processElement2(ModelUpdate.full(snapshot(1, 2.0)).withAccuracy(estimates(50, 0.95)), 0);
                h.processElement1(record("tx-1", 5), 0);
                // a stale copy (fitted on fewer items, re-sent after a restore) does not replace them
                h.processElement2(ModelUpdate.full(snapshot(2, 2.0)).withAccuracy(estimates(25, 0.6)), 0);
                h.processElement1(record("tx-2", 5), 0);
                List<ReviewRequest> reqs = side(h, Tags.REVIEW);
                assertNull(reqs.get(0).annotatorAccuracy());
                if (rule == io.triage.spec.ConsensusRule.WEIGHTED) {
                    assertEquals(java.util.Map.of("alice", 0.95, "bob", 0.7), reqs.get(1).annotatorAccuracy());
                    assertEquals(java.util.Map.of("alice", 0.95, "bob", 0.7), reqs.get(2).annotatorAccuracy());
                } else {
                    assertNull(reqs.get(1).annotatorAccuracy(), rule.name());
                    assertNull(reqs.get(2).annotatorAccuracy(), rule.name());
                }
            }
        }
    }
}
