package io.triage.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.drift.DetectorState;
import io.triage.feature.FeatureSpace;
import io.triage.feature.ScalerState;
import io.triage.learn.LearnerCore;
import io.triage.learn.LearnerState;
import io.triage.model.ModelState;
import io.triage.model.ScoringWeights;
import io.triage.policy.EvidenceState;
import io.triage.spec.ModelSpec;
import io.triage.stage.MetricsState;
import io.triage.stage.Resolution;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stream and state type is serialized by Flink's own serializers, never by Kryo: Kryo state does not
 * survive a class change, so a savepoint would not restore into the next build. */
class NoKryoTest {

    static SerializerConfigImpl noGenericTypes() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return new SerializerConfigImpl(c);
    }

    static Stream<Object> samples() {
        ModelSpec spec = new ModelSpec("m", List.of("a", "b"), Map.of(), null, null, null);
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        for (int i = 0; i < 5; i++) {
            core.learn(new LabeledExample("r" + i, "m", i % 2 == 0 ? "a" : "b", "x", new int[] {i}, new double[] {1},
                    i == 0 ? null : "a", 0.6, Route.REVIEW, 1.0, i, i, i), i);
        }
        LearnerState learnerState = core.state();
        ModelSnapshot snapshot = core.snapshot(99);
        var outcome = core.learn(new LabeledExample("r9", "m", "a", "x", new int[] {2}, new double[] {1}, "a", 0.7,
                Route.AUDIT, 20.0, 5, 5, 5), 100);
        List<Object> all = new ArrayList<>(List.of(
                AuditEvent.of(AuditType.SCORED, "r1", "m", 3, 2, 1000).withRoute(Route.AUTO, "a", 0.97)
                        .with(b -> b.labelWeight(1.0).threshold(0.9).decisionSource(DecisionSource.AUTO)),
                AuditEvent.of(AuditType.MODEL_PUBLISHED, null, "m", 3, 2, 1000),
                new DeadLetter("records", "{bad", "invalid-json", "line 1", 5),
                new Decision("r1", "m", "a", DecisionSource.HUMAN, Route.REVIEW, "b", 0.6, 3, 2, "alice", 1, 2, 3),
                new Decision("r2", "m", null, DecisionSource.EXPIRED, Route.COLD_START, null, 0.0, 0, 0, null, 1, 2, 3),
                new Label("r1", null, "a", "alice", 7, null),
                new LabeledExample("r1", "m", "a", "alice", new int[] {1, 5}, new double[] {0.5, -2}, "b", 0.6,
                        Route.AUDIT, 50.0, 3, 4, 5),
                new Metrics("m", 1, 500, 400, 100, 8, 90, 7, 0.8, 0.9, 0.875, 12, true, 1000, 300, 301, 0.7,
                        0.02, 0.96, 0.95, 0.9, 1, 3, 4, 1234.5, 99, 250, 0.68, 0.02, 3, 0.004, 5, 0.1, 2, 10, 0.9, 0),
                new Outcome("o1", "m", "r1", "a", "chargeback", 9),
                new KnownError("m", "r1", 3, "a", 0.99, "b", "outcome", 9),
                new io.triage.policy.OutcomeCheckState(new long[] {1, 2}, new long[] {50, 9}, new long[] {6, 0},
                        new boolean[] {true, false}, 7),
                new ModelPublished("m", 4, 3, 2, 4, "r4", "a", "abc", new String[] {"a", "b"}, Double.NaN, 0.02,
                        Double.NaN, 0.0, 0.0, 0.5, 0, "prov", 77, 3, 0, 1, Double.NaN, 0.0, 0.0, 0.025),
                snapshot,
                ModelUpdate.full(snapshot),
                ModelUpdate.delta(outcome.delta()),
                ModelUpdate.delta(outcome.delta()).withAccuracy(weightsAfterARefit().estimates("m")),
                weightsAfterARefit().estimates("m"),
                new ReviewRequest("r1", "m", 5, "{}", new int[] {2}, new double[] {1}, "a", new String[] {"a", "b"},
                        new double[] {0.7, 0.3}, 0.7, Route.AUDIT, 0.6, 10, 3, 2, 1.0, 4, "sig", null, null,
                        Map.of("alice", 0.97, "bob", 0.8)),
                outcome.delta(),
                core.state().auditMonitor(),
                new Record("r1", "m", 5, "{\"x\":1}", new int[] {0, 3}, new double[] {1.0, 2.5}),
                new ReviewRequest("r1", "m", 5, "{}", new int[] {2}, new double[] {1}, "a", new String[] {"a", "b"},
                        new double[] {0.7, 0.3}, 0.7, Route.REVIEW, 0.6, 10, 3, 2, 1.0, 4, "sig"),
                new ReviewRequest("r1", "m", 5, "{}", new int[] {2}, new double[] {1}, "a", new String[] {"a", "b"},
                        new double[] {0.7, 0.3}, 0.7, Route.REVIEW, 0.6, 10, 3, 2, 1.0, 4, "sig", null,
                        new Contribution[] {new Contribution("x = 1", 0.84), new Contribution("memo: \"gift\"", -0.2)}),
                new ReviewRequest("r1", "m", 5, "{}", new int[0], new double[0], "a", null, null, 0.7, Route.APPEAL,
                        1.0, 10, 3, 2, 1.0, 4, "sig", new AppealContext("ap-1", "why", null, "a", DecisionSource.AUTO,
                        null, 3)),
                new Decision("r1", "m", "b", DecisionSource.HUMAN, Route.APPEAL, "a", 0.9, 3, 2, "bob", 1, 2, 9, 3L, "ap-1"),
                new Appeal("ap-1", "m", "r1", "why", "case-1", 8),
                DecidedRecord.of(new Decision("r1", "m", "a", DecisionSource.AUTO, Route.AUTO, "a", 0.9, 3, 2, null, 1,
                        2, 3), "{}"),
                new DecidedRecord("m", "r1", null, null, true),
                learnerState,
                metricsState(),
                qualityWithItems(),
                weightsAfterARefit(),
                new LabeledExample("r1", "m", "a", "alice", new int[] {1}, new double[] {0.5}, "b", 0.6, Route.AUDIT,
                        50.0, 3, 4, 5, 2).withVotes(List.of("alice", "bob"), List.of("a", "a")),
                new Metrics("m", 1, 500, 400, 100, 8, 90, 7, 0.8, 0.9, 0.875, 12, true, 1000, 300, 301, 0.7,
                        0.02, 0.96, 0.95, 0.9, 1, 3, 4, 1234.5, 99, 250, 0.68, 0.02, 3, 0.004, 5, 0.1, 2, 10, 0.9, 0,
                        Map.of("alice", 0.97, "bob", 0.8), 0.6),
                new Resolution("LABELED", "a", 99),
                new Resolution("EXPIRED", null, 99),
                new io.triage.stage.StrategyEntry("m", "random", new io.triage.policy.active.StrategyState(1.5, 0.9, 10, 2)),
                learnerState.weights(),
                snapshot.weights(),
                new ScoringWeights(new String[] {"x", "y", "z"}, 1, new double[] {1, 2, 3, 4, 5, 6}),
                new DetectorState("adwin", new double[] {1, 2}, new long[] {3}),
                storedDetector(new io.triage.drift.PageHinkley()),
                storedDetector(new io.triage.drift.Ddm()),
                storedDetector(new io.triage.drift.Adwin()),
                new EvidenceState(new double[] {1, 2}, new double[] {0.5, 1}, new double[] {1, 4}),
                new ScalerState(new double[] {1}, new double[] {2}, new long[] {3}),
                policyState(),
                policyState().serving(),
                policyState().mix(),
                new io.triage.model.FrozenVersion(3, snapshot.weights(), new double[] {0.5}, new double[] {1.5})));
        return all.stream();
    }

    static io.triage.review.AnnotatorQuality qualityWithItems() {
        var q = new io.triage.review.AnnotatorQuality();
        q.add(List.of("alice", "bob", "carol"), List.of("a", "a", "b"));
        q.add(List.of("alice", "bob"), List.of("b", "b"));
        return q;
    }

    static io.triage.review.AnnotatorWeights weightsAfterARefit() {
        var w = new io.triage.review.AnnotatorWeights();
        for (int i = 0; i < io.triage.review.AnnotatorWeights.REFIT_EVERY; i++) {
            w.observe(List.of("alice", "bob", "carol"), List.of("a", "a", i % 3 == 0 ? "b" : "a"));
        }
        return w;
    }

    /** A detector's stored state after a stream that fills its fields (ADWIN: several bucket rows). */
    static io.triage.learn.StoredDetector storedDetector(io.triage.drift.DriftDetector d) {
        for (int i = 0; i < 200; i++) d.update(i % 3 == 0 ? 1 : 0);
        return io.triage.learn.StoredDetector.of(d.state());
    }

    /** A policy state with a serving certificate, a controller and a class-mix monitor in it. */
    static io.triage.learn.PolicyState policyState() {
        var cert = new io.triage.policy.guarantee.Certificate(2, 0.85, 0.01,
                io.triage.policy.guarantee.CandidateGrid.forClasses(2), 1, 0.9, 4);
        cert.observe(0, 0.9, false, 1, 0.95, 20);
        var mix = new io.triage.policy.guarantee.ClassMixMonitor(2, 0.2, 1, 10, 1);
        mix.observe(0, 1);
        mix.observe(1, 1);
        return new io.triage.learn.PolicyState("full", 2, 40, 0, cert.state(), null, new double[] {0.01}, new double[] {0.5, 0.2, 0},
                mix.state(), 0, Double.NaN, new double[0], new double[] {0.9}, new double[] {0.1, 0, 2}, 1, 30.5, 120);
    }

    @Test
    void theConfigurationReallyRefusesKryo() {
        // guards the test itself: with generic types disabled a Kryo-bound type cannot get a serializer
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> new GenericTypeInfo<>(java.util.ArrayList.class).createSerializer(noGenericTypes()));
    }

    @Test
    void everyTypeIsCovered() {
        List<Class<?>> covered = samples().map(Object::getClass).distinct().toList();
        for (Class<?> c : List.of(AuditEvent.class, DeadLetter.class, Decision.class, Label.class,
                LabeledExample.class, Metrics.class, ModelPublished.class, ModelSnapshot.class, Record.class,
                ReviewRequest.class, LearnerState.class, MetricsState.class, Resolution.class, ModelState.class,
                ScoringWeights.class, DetectorState.class, io.triage.learn.StoredDetector.class, EvidenceState.class, ScalerState.class, ModelUpdate.class,
                ModelDelta.class, io.triage.policy.AuditMonitorState.class, io.triage.stage.StrategyEntry.class,
                io.triage.learn.PolicyState.class, io.triage.policy.guarantee.CertificateState.class,
                io.triage.policy.OutcomeCheckState.class,
                io.triage.policy.guarantee.ClassMixMonitor.MixState.class, io.triage.model.FrozenVersion.class,
                Appeal.class, DecidedRecord.class, Outcome.class, KnownError.class, AnnotatorAccuracy.class)) {
            assertTrue(covered.contains(c), c.getSimpleName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void serializedWithoutKryoAndRoundTrips(Object sample) throws Exception {
        Class<?> type = sample.getClass();
        TypeInformation info = TypeInformation.of(type);
        assertFalse(info instanceof GenericTypeInfo, type + " would be serialized by Kryo: " + info);
        assertGenericFree(info, type.getSimpleName());
        SerializerConfigImpl config = noGenericTypes();
        assertTrue(config.hasGenericTypesDisabled());
        TypeSerializer serializer = info.createSerializer(config);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
        Object back = serializer.deserialize(in);
        assertEquals(0, in.available(), "bytes left over");
        assertNotSame(sample, back);
        assertDeepEquals(sample, back, type.getSimpleName());
        assertDeepEquals(sample, serializer.copy(sample), type.getSimpleName() + " (copy)");
    }

    /** No nested field falls back to a generic type either. */
    private static void assertGenericFree(TypeInformation<?> info, String path) {
        assertFalse(info instanceof GenericTypeInfo, path + " is a generic (Kryo) type: " + info);
        if (info instanceof org.apache.flink.api.common.typeutils.CompositeType<?> c) {
            for (int i = 0; i < c.getArity(); i++) assertGenericFree(c.getTypeAt(i), path + "." + c.getFieldNames()[i]);
        } else if (info instanceof org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo<?, ?> a) {
            assertGenericFree(a.getComponentInfo(), path + "[]");
        }
    }

    /** Field-by-field equality through record components; arrays by content; NaN equals NaN. */
    static void assertDeepEquals(Object a, Object b, String path) throws Exception {
        if (a == null || b == null) {
            assertEquals(a, b, path);
            return;
        }
        if (a instanceof Map<?, ?> && b instanceof Map<?, ?>) { // Flink restores any map as a HashMap
            assertEquals(a, b, path);
            return;
        }
        assertEquals(a.getClass(), b.getClass(), path);
        if (a.getClass().isArray()) {
            assertEquals(Array.getLength(a), Array.getLength(b), path + ".length");
            for (int i = 0; i < Array.getLength(a); i++) assertDeepEquals(Array.get(a, i), Array.get(b, i), path + "[" + i + "]");
        } else if (a.getClass().isRecord()) {
            for (RecordComponent rc : a.getClass().getRecordComponents()) {
                assertDeepEquals(rc.getAccessor().invoke(a), rc.getAccessor().invoke(b), path + "." + rc.getName());
            }
        } else if (a instanceof MetricsState || a instanceof io.triage.review.AnnotatorQuality
                || a instanceof io.triage.review.AnnotatorWeights) { // mutable POJOs: compare public fields
            for (java.lang.reflect.Field f : a.getClass().getFields()) {
                assertDeepEquals(f.get(a), f.get(b), path + "." + f.getName());
            }
        } else {
            assertEquals(a, b, path);
        }
    }

    private static MetricsState metricsState() {
        MetricsState s = new MetricsState();
        s.window = 1;
        s.records = 2;
        s.auto = 3;
        s.labeled = 5;
        s.latencySum = 11.5;
        s.totalRecords = 12;
        s.labelsRejected = 4;
        s.inputsRejected = 6;
        s.threshold = 0.8;
        s.estimatedPrecision = Double.NaN;
        s.driftAlarms = 2;
        s.outcomesAuto = 7;
        s.outcomeCheck = new io.triage.policy.OutcomeCheckState(new long[] {3}, new long[] {60}, new long[] {7},
                new boolean[] {true}, 4);
        return s;
    }
}
