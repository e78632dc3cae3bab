package io.triage.feature;

import io.triage.event.InvalidInputException;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {
    private static final ModelSpec SPEC = new ModelSpec("m", null, new LinkedHashMap<>(Map.of(
            "amount", FieldType.NUMERIC, "hour", FieldType.NUMERIC, "country", FieldType.CATEGORICAL,
            "memo", FieldType.TEXT)), LearningSpec.hashBits(8), null, null);
    private final FeatureExtractor fx = new FeatureExtractor(new FeatureSpace(SPEC));

    @Test
    void layoutIsNumericThenHashed() {
        FeatureSpace s = fx.space();
        assertEquals(2 + 256, s.dimension());
        assertEquals(2, s.numericCount());
        int h = s.hashed("country=DE");
        assertTrue(h >= 2 && h < 258);
        assertEquals(h, s.hashed("country=DE"), "hashing is deterministic");
    }

    @Test
    void extractsEachKind() throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", 125.0);
        f.put("country", "DE");
        f.put("memo", "Gift card gift");
        f.put("flag", true);
        f.put("hour", null);
        SparseVector v = fx.extract(f);
        FeatureSpace s = fx.space();
        int amount = s.numericIndex("amount");
        assertEquals(125.0, valueAt(v, amount));
        assertEquals(1.0, valueAt(v, s.hashed("country=DE")));
        // three tokens, unit-norm weights 1/sqrt(3), "gift" twice
        assertEquals(2 / Math.sqrt(3), valueAt(v, s.hashed("memo~gift")), 1e-12);
        assertEquals(1 / Math.sqrt(3), valueAt(v, s.hashed("memo~card")), 1e-12);
        assertEquals(Math.log1p(1.0), valueAt(v, s.hashed("flag#")), 1e-12, "undeclared boolean → hashed number");
        assertEquals(-1, indexOf(v, s.numericIndex("hour")), "missing numeric stays absent (mean imputation)");
        for (int i = 1; i < v.indices().length; i++) assertTrue(v.indices()[i] > v.indices()[i - 1]);
    }

    @Test
    void termsNameWhatProducedEachIndexAndAddUpToTheVector() throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", 912.5);
        f.put("country", "NG");
        f.put("memo", "Gift card gift");
        f.put("flag", true);
        SparseVector v = fx.extract(f);
        var terms = fx.terms(f);
        assertEquals(java.util.List.of("amount = 912.5", "country = NG", "memo: \"gift\"", "memo: \"card\"",
                "memo: \"gift\"", "flag = true"), terms.stream().map(FeatureTerm::label).toList());
        Map<Integer, Double> sums = new java.util.TreeMap<>();
        for (FeatureTerm t : terms) sums.merge(t.index(), t.value(), Double::sum);
        assertArrayEquals(v.indices(), sums.keySet().stream().mapToInt(Integer::intValue).toArray());
        assertArrayEquals(v.values(), sums.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void rejectsNonFiniteAndWrongTypes() {
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> fx.extract(Map.of("amount", Double.NaN)));
        assertEquals("non-finite-feature", nan.reason());
        assertTrue(nan.getMessage().contains("amount"));
        assertEquals("non-finite-feature", assertThrows(InvalidInputException.class,
                () -> fx.extract(Map.of("x", Double.POSITIVE_INFINITY))).reason());
        InvalidInputException str = assertThrows(InvalidInputException.class,
                () -> fx.extract(Map.of("amount", "lots")));
        assertEquals("wrong-type", str.reason());
    }

    @Test
    void scalerStandardisesAndClips() {
        OnlineScaler sc = new OnlineScaler(1);
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) sc.update(new int[] {0}, new double[] {x});
        assertEquals(5.0, sc.means()[0], 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), sc.stds()[0], 1e-12); // sample sd of the classic example
        double[] out = OnlineScaler.apply(new int[] {0, 5}, new double[] {5 + 2 * sc.stds()[0], 3.0}, sc.means(), sc.stds());
        assertArrayEquals(new double[] {2.0, 3.0}, out, 1e-12);
        double[] far = OnlineScaler.apply(new int[] {0}, new double[] {1e9}, sc.means(), sc.stds());
        assertEquals(OnlineScaler.CLIP, far[0]);
        OnlineScaler restored = OnlineScaler.restore(sc.state());
        assertArrayEquals(sc.stds(), restored.stds());
        assertNotEquals(0, restored.state().count()[0]);
    }

    private static double valueAt(SparseVector v, int index) {
        int i = indexOf(v, index);
        return i < 0 ? 0.0 : v.values()[i];
    }

    private static int indexOf(SparseVector v, int index) {
        for (int i = 0; i < v.indices().length; i++) if (v.indices()[i] == index) return i;
        return -1;
    }
}
