package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.Contribution;
import io.triage.event.ModelSnapshot;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureTerm;
import io.triage.feature.SparseVector;
import io.triage.model.ScoringWeights;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContributionsTest {
    private static final ModelSpec SPEC = new ModelSpec("m", List.of("fraud", "legit"), new LinkedHashMap<>(Map.of(
            "amount", FieldType.NUMERIC, "country", FieldType.CATEGORICAL, "memo", FieldType.TEXT)),
            LearningSpec.hashBits(10), null, null);
    private static final FeatureSpace SPACE = new FeatureSpace(SPEC);
    private static final FeatureExtractor FX = new FeatureExtractor(SPACE);
    private static final int AMOUNT = SPACE.numericIndex("amount");
    private static final int NG = SPACE.hashed("country=NG");
    private static final int GIFT = SPACE.hashed("memo~gift");
    private static final int CARD = SPACE.hashed("memo~card");

    /** amount = 200 (mean 100, std 50: scaled 2), country = NG, memo "Gift card" (each token 1/√2). */
    private static Map<String, Object> features() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", 200.0);
        f.put("country", "NG");
        f.put("memo", "Gift card");
        return f;
    }

    /** Rows per class (D + 1, bias last): the weights at the four indices the record uses, the rest 0. */
    private static ModelSnapshot snapshot(String[] classes, double[][] at) {
        int d = SPACE.dimension();
        double[] w = new double[classes.length * (d + 1)];
        int[] where = {AMOUNT, NG, GIFT, CARD};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < where.length; i++) w[c * (d + 1) + where[i]] = at[c][i];
            w[c * (d + 1) + d] = 0.7 * c; // a bias: no term of the record, never shown
        }
        return new ModelSnapshot("m", 1, 1, new ScoringWeights(classes, d, w), new double[] {100}, new double[] {50},
                0.9, new double[0], 0.05, 10, 0L);
    }

    @Test
    void theIndicesAreDistinct() {
        assertEquals(4, Set.of(AMOUNT, NG, GIFT, CARD).size(), "the hand computation below assumes no collision");
    }

    @Test
    void eachTermsPartOfTheMarginToTheRunnerUpByHand() throws Exception {
        // fraud: amount 0.5, NG 1, gift 2, card 0; legit: amount -0.25, NG 0, gift 0.5, card 1
        ModelSnapshot s = snapshot(new String[] {"fraud", "legit"},
                new double[][] {{0.5, 1, 2, 0}, {-0.25, 0, 0.5, 1}});
        SparseVector v = FX.extract(features());
        Contribution[] top = Contributions.top(s, v.indices(), v.values(), "fraud", FX.terms(features()), 5);
        double token = 1 / Math.sqrt(2);
        assertArrayEquals(new Contribution[] {
                new Contribution("amount = 200", 1.5),                    // (0.5 + 0.25) · 2
                new Contribution("memo: \"gift\"", round(1.5 * token)),   // (2 − 0.5) · 0.7071 = 1.061
                new Contribution("country = NG", 1.0),                    // (1 − 0) · 1
                new Contribution("memo: \"card\"", round(-1 * token))},   // (0 − 1) · 0.7071 = −0.7071
                top);
        assertEquals(1.061, top[1].value(), 0.0);
        assertEquals(-0.7071, top[3].value(), 0.0);
    }

    @Test
    void withMoreClassesAgainstTheRunnerUpAndAtMostK() throws Exception {
        // c is the runner-up (b is far behind): fraud − c is what decides, b plays no part
        ModelSnapshot s = snapshot(new String[] {"fraud", "b", "c"},
                new double[][] {{1, 1, 1, 1}, {-5, -5, 9, -5}, {0.5, 0.5, 1, 0}});
        SparseVector v = FX.extract(features());
        assertEquals("fraud", Router.route("m", "r", v.indices(), v.values(), s).predicted());
        assertEquals("c", s.classes()[Router.route("m", "r", v.indices(), v.values(), s).scores()[1]
                > Router.route("m", "r", v.indices(), v.values(), s).scores()[2] ? 1 : 2]);
        Contribution[] top = Contributions.top(s, v.indices(), v.values(), "fraud", FX.terms(features()), 2);
        assertArrayEquals(new Contribution[] {
                new Contribution("amount = 200", 1.0),                     // (1 − 0.5) · 2
                new Contribution("memo: \"card\"", round(1 / Math.sqrt(2)))}, // (1 − 0) · 0.7071
                top);
    }

    @Test
    void indicesNoTermAddsUpToAreOtherFeatures() throws Exception {
        ModelSnapshot s = snapshot(new String[] {"fraud", "legit"},
                new double[][] {{0.5, 1, 2, 0}, {-0.25, 0, 0.5, 1}});
        SparseVector v = FX.extract(features());
        // the review copy lost the memo (cut for size): its two tokens are one "other" part
        List<FeatureTerm> terms = FX.terms(Map.of("amount", 200.0, "country", "NG"));
        Contribution[] top = Contributions.top(s, v.indices(), v.values(), "fraud", terms, 5);
        assertEquals(new Contribution("amount = 200", 1.5), top[0]);
        assertEquals(new Contribution("country = NG", 1.0), top[1]);
        assertEquals(new Contribution(Contributions.OTHER, round(0.5 / Math.sqrt(2))), top[2]); // 1.061 − 0.7071
        assertEquals(3, top.length);
    }

    @Test
    void termsSharingAnIndexShareItsPartByValue() {
        ModelSnapshot s = snapshot(new String[] {"fraud", "legit"},
                new double[][] {{0, 3, 0, 0}, {0, 0, 0, 0}});
        // two categorical values hashed into one bucket (as if they collided): 3 · 2 split 1 : 1
        List<FeatureTerm> terms = List.of(new FeatureTerm("country", "NG", null, NG, 1.0),
                new FeatureTerm("city", "Lagos", null, NG, 1.0));
        Contribution[] top = Contributions.top(s, new int[] {NG}, new double[] {2.0}, "fraud", terms, 5);
        assertArrayEquals(new Contribution[] {new Contribution("country = NG", 3.0),
                new Contribution("city = Lagos", 3.0)}, top);
    }

    @Test
    void noneWithoutARunnerUpClass() {
        double[] w = new double[SPACE.dimension() + 1];
        ModelSnapshot one = new ModelSnapshot("m", 1, 1, new ScoringWeights(new String[] {"fraud"}, SPACE.dimension(), w),
                new double[] {100}, new double[] {50}, 2.0, new double[0], 0.05, 1, 0L);
        assertEquals(0, Contributions.top(one, new int[] {AMOUNT}, new double[] {1}, "fraud", List.of(), 5).length);
        assertTrue(new FeatureTerm("memo", "x".repeat(100), "y".repeat(100), 0, 1).label().length()
                <= FeatureTerm.maxLabelChars());
    }

    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
