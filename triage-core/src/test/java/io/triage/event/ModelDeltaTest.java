package io.triage.event;

import io.triage.feature.FeatureSpace;
import io.triage.learn.LearnerCore;
import io.triage.learn.LearningOutcome;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chain of deltas on the first snapshot reproduces every published version exactly, and stays small. */
class ModelDeltaTest {
    @Test
    void deltasReproduceEveryVersionAndStaySmall() {
        Map<String, FieldType> f = new LinkedHashMap<>();
        f.put("x", FieldType.NUMERIC);
        f.put("city", FieldType.CATEGORICAL);
        ModelSpec spec = new ModelSpec("m", List.of(), f, LearningSpec.hashBits(14), null, null);
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        FeatureSpace space = new FeatureSpace(spec);
        Random rnd = new Random(1);
        ModelSnapshot served = null;
        int deltas = 0;
        for (int i = 0; i < 400; i++) {
            double x = rnd.nextGaussian();
            int city = space.hashed("city=c" + rnd.nextInt(50));
            int[] idx = {0, city};
            double[] val = {x, 1.0};
            // a third class appears at label 200: that version cannot be a delta
            String label = i >= 200 && i % 7 == 0 ? "c" : x > 0 ? "a" : "b";
            LearningOutcome o = core.learn(new LabeledExample("r" + i, "m", label, "ann", idx, val, null, 0,
                    Route.COLD_START, 1.0, i, i, i), i);
            if (served == null || o.delta() == null) {
                served = o.snapshot();
                if (i > 0) assertEquals(o.snapshot().classes().length, served.classes().length);
            } else {
                deltas++;
                served = o.delta().applyTo(served);
                // a sparse step moves K × (features + bias) weights, not the K × (D + 1) of the model
                assertEquals(o.snapshot().weights().numClasses() * 3, o.delta().positions().length);
            }
            assertEquals(o.snapshot().version(), served.version());
            assertEquals(o.published().weightsDigest(), served.weights().digest(), "version " + served.version());
            assertArrayEquals(o.snapshot().scaleStd(), served.scaleStd());
            assertEquals(o.snapshot().threshold(), served.threshold());
        }
        assertTrue(deltas >= 390, "deltas " + deltas);
        int modelSize = core.snapshot(0).weights().weights().length;
        assertTrue(modelSize > 40_000, "a model of " + modelSize + " weights, broadcast as deltas of 9");
    }

    @Test
    void aDeltaOnTheWrongBaseIsRefused() {
        ModelSpec spec = new ModelSpec("m", List.of("a", "b"), Map.of("x", FieldType.NUMERIC), null, null, null);
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        LabeledExample ex = new LabeledExample("r", "m", "a", "ann", new int[] {0}, new double[] {1}, null, 0,
                Route.COLD_START, 1.0, 0, 0, 0);
        ModelSnapshot v1 = core.learn(ex, 0).snapshot();
        core.learn(ex, 0);
        ModelDelta v2to3 = core.learn(ex, 0).delta();
        assertNotNull(v2to3);
        assertThrows(IllegalArgumentException.class, () -> v2to3.applyTo(v1));
        assertNull(ModelUpdate.delta(v2to3).full());
    }
}
