package io.triage.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.drift.DetectorSnapshot;
import io.triage.event.LabeledExample;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Route;
import io.triage.codec.Json;
import io.triage.event.Record;
import io.triage.path.RecordParser;
import io.triage.local.LabeledRecord;
import io.triage.learn.LearnerState;
import io.triage.local.TransactionsGenerator;
import io.triage.policy.Threshold;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Learner state written by an <em>older build</em> must restore into this one. Each directory
 * {@code src/test/resources/snapshots/learner-vN/} holds a RocksDB snapshot of the Learner operator taken by
 * build N after {@link #LABELS} labels of a fixed transaction stream, the job spec it ran, and what that build
 * published for the next label. This build restores the snapshot, applies the same next label and must publish
 * the same version with the same weights: the model, its optimiser state and its scaler survived the upgrade bit
 * for bit. The threshold policy of builds v1 and v2 (pooled evidence) does not carry over: its state is ignored
 * and the certified policy starts afresh. From v3 (the certified policy) the policy's state carries over. Up to
 * v4 the drift detectors' states were positional arrays: converted to named states, they continue exactly as this
 * build's detectors do without a restore. Up to v5 the Learner kept no annotator weights (they came with label
 * weighting, in a state of their own): restored without them, every label weighs the default until the first refit,
 * so the next version is the one v5 published.
 *
 * <p>Before a change of the Learner's state, write the current build's snapshot with
 * {@code mvn -o test -Dtest=LearnerStateMigrationTest -Dtriage.snapshots.write=src/test/resources/snapshots/learner-vN}
 * and add N to {@link #VERSIONS} (as Flink's own state migration tests do).
 */
class LearnerStateMigrationTest {
    static final int LABELS = 400;
    static final long SEED = 7;
    static final List<String> VERSIONS = List.of("learner-v1", "learner-v2", "learner-v3", "learner-v4",
            "learner-v5");

    @Test
    void restoresTheLearnerStateOfOlderBuilds() throws Exception {
        for (String v : VERSIONS) {
            String dir = "/snapshots/" + v + "/";
            JobSpec spec = SpecLoader.parse(resource(dir + "job.yaml"));
            DetectorSnapshot[] uninterrupted = detectorsWithoutRestore(spec);
            JsonNode expected = Json.MAPPER.readTree(resource(dir + "expected.json"));
            List<LabeledExample> stream = examples(spec, LABELS + 1);
            try (var h = harness(spec)) {
                h.setup();
                h.initializeState(OperatorSnapshotUtil.getResourceFilename("snapshots/" + v + "/learner.snapshot"));
                h.open();
                h.processElement1(stream.get(LABELS), 0);
                ModelSnapshot next = h.extractOutputValues().get(0).full();
                assertNotNull(next, v + ": the first version after a restore goes out whole");
                ModelPublished published = Fixtures.side(h, Tags.PUBLISHED).get(0);
                assertEquals(expected.path("nextVersion").asLong(), next.version(), v + ": version continues");
                assertEquals(expected.path("nextVersion").asLong() - 1, published.parentVersion(), v);
                assertEquals(expected.path("nextLabelsApplied").asLong(), next.labelsApplied(), v);
                assertTrue(next.policyVersion() >= expected.path("nextPolicyVersion").asLong(), v + ": policy versions continue");
                if (expected.has("nextEpoch")) {
                    // the certified policy's state carries over: same serving and challenger versions, same epoch
                    assertEquals(expected.path("nextThreshold").asDouble(), next.threshold(), 0.0, v + ": threshold");
                    assertEquals(expected.path("nextServingVersion").asLong(), published.servingVersion(), v);
                    assertEquals(expected.path("nextChallengerVersion").asLong(), published.challengerVersion(),
                            v + ": the challenger and its certificate survive the upgrade");
                    assertEquals(expected.path("nextEpoch").asLong(), published.epoch(), v + ": certificates opened");
                } else {
                    // builds before the certified policy pooled evidence across versions: it is no evidence for any
                    // one version, so the policy starts afresh and automates nothing until it has certified one
                    assertEquals(Threshold.OFF, next.threshold(), 0.0, v + ": the earlier policy's threshold is not carried");
                    assertEquals(next.version(), published.servingVersion(), v + ": the learning model serves until one is certified");
                }
                assertEquals(expected.path("nextAuditRate").asDouble(), next.auditRate(), 0.0, v + ": audit rate kept");
                // compared by a flat SHA-256 of the weights, which does not depend on how a build digests them
                assertEquals(expected.path("nextWeightsSha256").asText(), flatSha256(next.weights()),
                        v + ": weights, AdaGrad accumulators and scaler restored exactly");
                // the positional detector states of these builds were converted, not started afresh
                assertArrayEquals(uninterrupted, learnerState(h).detectorStates(), v + ": drift detectors continue");
            }
        }
    }

    /** This build's drift detectors after the first LABELS + 1 labels of the stream, without a restore. */
    private static DetectorSnapshot[] detectorsWithoutRestore(JobSpec spec) throws Exception {
        List<LabeledExample> stream = examples(spec, LABELS + 1);
        try (var h = harness(spec)) {
            h.open();
            for (int i = 0; i <= LABELS; i++) h.processElement1(stream.get(i), i);
            return learnerState(h).detectorStates();
        }
    }

    /** The Learner's stored state of the fixture's model, read from the harness's keyed state. */
    private static LearnerState learnerState(
            KeyedTwoInputStreamOperatorTestHarness<String, LabeledExample, io.triage.event.KnownError, ModelUpdate> h)
            throws Exception {
        var op = (KeyedCoProcessOperator<?, ?, ?, ?>) h.getOperator();
        op.setCurrentKey("fraud");
        return op.getKeyedStateStore()
                .getState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class))).value();
    }

    /**
     * After the upgrade the state is in this build's layout (cells in chunks, only touched chunks rewritten per
     * label): a snapshot of it restores to exactly the model that an uninterrupted run reaches.
     */
    @Test
    void theUpgradedStateRestoresInThisBuildsLayout() throws Exception {
        String v = VERSIONS.get(VERSIONS.size() - 1);
        JobSpec spec = SpecLoader.parse(resource("/snapshots/" + v + "/job.yaml"));
        int more = 300;
        List<LabeledExample> stream = examples(spec, LABELS + 1 + 2 * more);
        String snapshotFile = OperatorSnapshotUtil.getResourceFilename("snapshots/" + v + "/learner.snapshot");
        OperatorSubtaskState upgraded;
        String continuous;
        DetectorSnapshot[] continuousDetectors;
        try (var h = harness(spec)) {
            h.setup();
            h.initializeState(snapshotFile);
            h.open();
            for (int i = LABELS; i <= LABELS + more; i++) h.processElement1(stream.get(i), i);
            upgraded = h.snapshot(2, LABELS + more);
            for (int i = LABELS + more + 1; i < stream.size(); i++) h.processElement1(stream.get(i), i);
            continuous = lastDigest(h);
            continuousDetectors = learnerState(h).detectorStates();
        }
        try (var h = harness(spec)) {
            h.setup();
            h.initializeState(upgraded);
            h.open();
            for (int i = LABELS + more + 1; i < stream.size(); i++) h.processElement1(stream.get(i), i);
            assertEquals(continuous, lastDigest(h), "restored from the chunked layout, the model continues exactly");
            assertArrayEquals(continuousDetectors, learnerState(h).detectorStates(), "named detector states too");
            assertEquals(stream.size(), Fixtures.side(h, Tags.PUBLISHED).get(more - 1).version());
        }
    }

    /** SHA-256 of dimension, classes and every weight's bits (the digest build v1 published). */
    static String flatSha256(io.triage.model.ScoringWeights w) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
        md.update(buf.putInt(0, w.dimension()).putInt(4, w.numClasses()).array());
        for (String c : w.classes()) {
            byte[] b = c.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            md.update(buf.putInt(0, b.length).array(), 0, 4);
            md.update(b);
        }
        for (double x : w.weights()) md.update(buf.putLong(0, Double.doubleToLongBits(x)).array());
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static String lastDigest(KeyedTwoInputStreamOperatorTestHarness<String, LabeledExample, io.triage.event.KnownError, ModelUpdate> h) {
        List<ModelPublished> published = Fixtures.side(h, Tags.PUBLISHED);
        return published.get(published.size() - 1).weightsDigest();
    }

    /** Writes this build's snapshot (run by hand before changing the Learner's state; see the class comment). */
    @Test
    @EnabledIfSystemProperty(named = "triage.snapshots.write", matches = ".+")
    void writeSnapshotOfThisBuild() throws Exception {
        Path out = Path.of(System.getProperty("triage.snapshots.write"));
        Files.createDirectories(out);
        JobSpec spec = SpecLoader.parse(resource("/snapshots/learner-v1/job.yaml"));
        Files.copy(LearnerStateMigrationTest.class.getResourceAsStream("/snapshots/learner-v1/job.yaml"),
                out.resolve("job.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<LabeledExample> stream = examples(spec, LABELS + 1);
        try (var h = harness(spec)) {
            h.open();
            for (int i = 0; i < LABELS; i++) h.processElement1(stream.get(i), i);
            OperatorSubtaskState snap = h.snapshot(1, LABELS);
            OperatorSnapshotUtil.writeStateHandle(snap, out.resolve("learner.snapshot").toString());
            h.processElement1(stream.get(LABELS), LABELS);
            List<ModelUpdate> updates = h.extractOutputValues();
            ModelSnapshot first = updates.get(0).full();
            ModelSnapshot next = first;
            for (ModelUpdate u : updates.subList(1, updates.size())) {
                next = u.full() != null ? u.full() : u.delta().applyTo(next);
            }
            assertEquals(LABELS + 1, next.version());
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("labelsBeforeSnapshot", LABELS);
            e.put("seed", SEED);
            e.put("nextVersion", next.version());
            e.put("nextLabelsApplied", next.labelsApplied());
            e.put("nextPolicyVersion", next.policyVersion());
            e.put("nextThreshold", next.threshold());
            e.put("nextAuditRate", next.auditRate());
            e.put("nextWeightsDigest", next.weights().digest());
            e.put("nextWeightsSha256", flatSha256(next.weights()));
            List<ModelPublished> published = Fixtures.side(h, Tags.PUBLISHED);
            ModelPublished last = published.get(published.size() - 1);
            e.put("nextServingVersion", last.servingVersion());
            e.put("nextChallengerVersion", last.challengerVersion());
            e.put("nextEpoch", last.epoch());
            Files.writeString(out.resolve("expected.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e) + "\n");
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, LabeledExample, io.triage.event.KnownError, ModelUpdate> harness(JobSpec spec)
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new Learner(spec)),
                LabeledExample::model, io.triage.event.KnownError::model, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** The fixed labeled stream: transactions, decoded and featurised as the job does, labeled with the truth. */
    static List<LabeledExample> examples(JobSpec spec, int n) throws Exception {
        RecordParser parser = new RecordParser(1 << 20, null, spec.models());
        TransactionsGenerator gen = new TransactionsGenerator(SEED);
        List<String> classes = spec.models().get(0).classes();
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<LabeledExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LabeledRecord r = gen.next();
            Record x = parser.parse(r.json(), 0);
            // a routing-time prediction that is right 95% of the time, so evidence and a threshold build up
            String predicted = rnd.nextDouble() < 0.95 ? r.truth() : classes.get(1 - classes.indexOf(r.truth()));
            double confidence = 0.5 + 0.5 * rnd.nextDouble();
            out.add(new LabeledExample(x.id(), x.model(), r.truth(), "alice", x.indices(), x.values(), predicted,
                    confidence, i % 5 == 0 ? Route.AUDIT : Route.REVIEW, 1.0, i, x.ts(), 1_000L + i));
        }
        return out;
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = LearnerStateMigrationTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
