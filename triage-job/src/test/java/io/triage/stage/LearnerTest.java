package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Route;
import io.triage.spec.JobSpec;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.junit.jupiter.api.Test;

class LearnerTest {
    private final JobSpec spec = Fixtures.spec(List.of());

    private KeyedTwoInputStreamOperatorTestHarness<String, LabeledExample, io.triage.event.KnownError, ModelUpdate> harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new Learner(spec)),
                LabeledExample::model, io.triage.event.KnownError::model, Types.STRING);
    }

    private static LabeledExample example(String id, String label, double amount) {
        return new LabeledExample(id, "fraud", label, "alice", new int[] {0}, new double[] {amount}, null, 0.0,
                Route.COLD_START, 1.0, 0, 0, 0);
    }

    @Test
    void aLabelPublishesVersionOne() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(5_000);
            h.processElement1(example("tx-1", "fraud", 120.0), 0);
            List<ModelUpdate> out = h.extractOutputValues();
            assertEquals(1, out.size());
            ModelSnapshot s = out.get(0).full(); // the first version after a start goes out whole
            assertEquals("fraud", s.model());
            assertEquals(1, s.version());
            assertEquals(1, s.labelsApplied());
            assertArrayEquals(new String[] {"fraud", "ok"}, s.classes());
            assertTrue(s.threshold() > 1, "one label is no evidence");
            assertEquals(5_000, s.publishedAt());

            List<ModelPublished> pub = side(h, Tags.PUBLISHED);
            assertEquals(1, pub.size());
            assertEquals(1, pub.get(0).version());
            assertEquals(0, pub.get(0).parentVersion());
            assertEquals("tx-1", pub.get(0).lastRecordId());
            assertEquals(s.weights().digest(), pub.get(0).weightsDigest());

            List<AuditEvent> audit = side(h, Tags.AUDIT);
            AuditEvent published = audit.stream().filter(e -> e.type() == AuditType.MODEL_PUBLISHED).findFirst()
                    .orElseThrow();
            assertEquals(1, published.modelVersion());
            assertEquals("tx-1", published.recordId());
            assertEquals(s.weights().digest(), published.weightsDigest());
        }
    }

    @Test
    void undeclaredClassesAreBoundedWithAReason() throws Exception {
        // a spec without `classes` learns every class it is told: a flood of made-up class names must not
        // grow the model (and its state and broadcasts) without bound
        JobSpec open = Fixtures.spec(Fixtures.model("fraud", List.of(), io.triage.spec.ExpiryFallback.MODEL, 100),
                List.of());
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new Learner(open)),
                LabeledExample::model, io.triage.event.KnownError::model, Types.STRING)) {
            h.open();
            for (int k = 0; k < Learner.MAX_UNDECLARED_CLASSES; k++) h.processElement1(example("tx-" + k, "c" + k, k), 0);
            assertEquals(Learner.MAX_UNDECLARED_CLASSES, h.extractOutputValues().size());
            h.processElement1(example("tx-x", "one-too-many", 1), 0);
            assertEquals(Learner.MAX_UNDECLARED_CLASSES, h.extractOutputValues().size(), "no version for it");
            List<AuditEvent> rej = side(h, Tags.AUDIT).stream().filter(e -> e.type() == AuditType.LABEL_REJECTED)
                    .toList();
            assertEquals(1, rej.size());
            assertEquals("too-many-classes", rej.get(0).reason());
            assertEquals("tx-x", rej.get(0).recordId());
            h.processElement1(example("tx-y", "c3", 1), 0); // a known class still teaches
            assertEquals(Learner.MAX_UNDECLARED_CLASSES + 1, h.extractOutputValues().size());
        }
    }

    @Test
    void labelsOfUnknownModelsAreIgnored() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new LabeledExample("x", "spam", "fraud", "a", new int[0], new double[0], null, 0,
                    Route.COLD_START, 1, 0, 0, 0), 0);
            assertTrue(h.extractOutputValues().isEmpty());
        }
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snap;
        ModelSnapshot continuous2;
        ModelSnapshot first;
        try (var h = harness()) {
            h.open();
            h.processElement1(example("tx-1", "fraud", 120.0), 0);
            first = h.extractOutputValues().get(0).full();
            snap = h.snapshot(0, 0);
            h.processElement1(example("tx-2", "ok", 3.0), 0);
            ModelUpdate second = h.extractOutputValues().get(1);
            assertNull(second.full(), "later versions go out as deltas");
            continuous2 = second.delta().applyTo(first);
            assertEquals(side(h, Tags.PUBLISHED).get(1).weightsDigest(), continuous2.weights().digest(),
                    "the delta on top of v1 is exactly the published v2");
        }
        try (var h = harness()) {
            h.setup();
            h.initializeState(snap);
            h.open();
            h.processElement1(example("tx-2", "ok", 3.0), 0);
            ModelSnapshot s = h.extractOutputValues().get(0).full();
            assertNotNull(s, "after a restore the first version goes out whole");
            assertEquals(2, s.version(), "version continues after restore");
            assertEquals(2, s.labelsApplied());
            assertEquals(1, side(h, Tags.PUBLISHED).get(0).parentVersion());
            // the same model as without the restore, and not a fresh one
            assertEquals(continuous2.weights().digest(), s.weights().digest());
            assertArrayEquals(continuous2.scaleMean(), s.scaleMean());
            assertNotEquals(first.weights().digest(), s.weights().digest());
        }
    }

    /**
     * Labels weigh in learning by their annotator's accuracy, estimated from the consensus items the Learner learned
     * (the votes come with each example): the Learner's versions are those a replay computes with the same
     * {@link io.triage.review.AnnotatorWeights} from the same examples, not those of unweighted steps.
     */
    @Test
    void labelsWeighByTheirAnnotatorsEstimatedAccuracyAsAReplayComputesIt() throws Exception {
        java.util.Random r = new java.util.Random(11);
        List<LabeledExample> examples = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * io.triage.review.AnnotatorWeights.REFIT_EVERY; i++) {
            double amount = r.nextDouble() * 200;
            String truth = amount > 100 ? "fraud" : "ok";
            String noisy = r.nextDouble() < 0.4 ? (truth.equals("fraud") ? "ok" : "fraud") : truth;
            LabeledExample consensus = example("c-" + i, truth, amount)
                    .withVotes(List.of("alice", "bob", "carol"), List.of(truth, truth, noisy));
            examples.add(consensus);
            // carol's own single labels, weighted by her estimate once there is one
            examples.add(new LabeledExample("s-" + i, "fraud", noisy, "carol", new int[] {0}, new double[] {amount},
                    null, 0.0, Route.REVIEW, 1.0, 0, 0, 0));
        }
        String digest;
        try (var h = harness()) {
            h.open();
            for (LabeledExample ex : examples) h.processElement1(ex, 0);
            List<ModelPublished> pub = side(h, Tags.PUBLISHED);
            assertEquals(examples.size(), pub.size());
            digest = pub.get(pub.size() - 1).weightsDigest();
        }
        io.triage.spec.ModelSpec m = spec.model("fraud").orElseThrow();
        io.triage.learn.LearnerCore replay = new io.triage.learn.LearnerCore(m, new io.triage.feature.FeatureSpace(m));
        io.triage.learn.LearnerCore unweighted = new io.triage.learn.LearnerCore(m, new io.triage.feature.FeatureSpace(m));
        io.triage.review.AnnotatorWeights w = new io.triage.review.AnnotatorWeights();
        for (LabeledExample ex : examples) {
            replay.learn(ex, w.weightOf(ex.annotator(), replay.model().classes().size()), 0);
            w.observe(ex.voterList(), ex.voteList());
            unweighted.learn(ex, 0);
        }
        assertTrue(w.weightOf("carol", 2) < 0.5, "carol is estimated noisy: " + w.weightOf("carol", 2));
        assertEquals(replay.weightsDigest(), digest, "the replay reproduces the Learner's weighted versions");
        assertNotEquals(unweighted.weightsDigest(), digest, "the labels were weighted");
    }

    /**
     * The estimates go to the Scorers with the version after each refit and with every whole version (so a Scorer
     * restored without them has them again), not with the deltas in between.
     */
    @Test
    void theEstimatesGoOutAfterEachRefitAndWithWholeVersions() throws Exception {
        java.util.Random r = new java.util.Random(3);
        int n = 2 * io.triage.review.AnnotatorWeights.REFIT_EVERY;
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < n; i++) {
                double amount = r.nextDouble() * 200;
                String truth = amount > 100 ? "fraud" : "ok";
                String noisy = r.nextDouble() < 0.3 ? (truth.equals("fraud") ? "ok" : "fraud") : truth;
                h.processElement1(example("c-" + i, truth, amount)
                        .withVotes(List.of("alice", "bob", "carol"), List.of(truth, truth, noisy)), 0);
            }
            List<ModelUpdate> out = h.extractOutputValues();
            assertEquals(n, out.size());
            for (int i = 0; i < n; i++) {
                boolean refit = (i + 1) % io.triage.review.AnnotatorWeights.REFIT_EVERY == 0;
                io.triage.event.AnnotatorAccuracy a = out.get(i).accuracy();
                if (refit) {
                    assertEquals(i + 1, a.items());
                    assertEquals(List.of("alice", "bob", "carol"), List.of(a.annotators()));
                    assertTrue(a.accuracies()[2] < a.accuracies()[0], java.util.Arrays.toString(a.accuracies()));
                } else if (i < io.triage.review.AnnotatorWeights.REFIT_EVERY || out.get(i).full() == null) {
                    assertNull(a, "version " + (i + 1)); // none before the first refit; none with a delta
                } else {
                    assertEquals(io.triage.review.AnnotatorWeights.REFIT_EVERY, a.items(), "a whole version");
                }
            }
        }
    }
}
