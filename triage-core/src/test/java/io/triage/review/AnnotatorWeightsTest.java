package io.triage.review;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotatorWeightsTest {
    @Test
    void theRuleByHand() {
        assertEquals(0.96, AnnotatorWeights.weight(0.98, 2), 1e-12);       // (2·0.98 − 1) / 1
        assertEquals(0.2, AnnotatorWeights.weight(0.60, 2), 1e-12);        // (1.2 − 1) / 1
        assertEquals((10 * 0.88 - 1) / 9, AnnotatorWeights.weight(0.88, 10), 1e-12);
        assertEquals(AnnotatorWeights.FLOOR, AnnotatorWeights.weight(0.5, 2), "a guesser keeps the floor");
        assertEquals(AnnotatorWeights.FLOOR, AnnotatorWeights.weight(0.2, 3), "worse than chance: the floor");
        assertEquals(1.0, AnnotatorWeights.weight(1.0, 2));
        assertEquals(AnnotatorWeights.DEFAULT, AnnotatorWeights.weight(Double.NaN, 2));
    }

    private static void item(AnnotatorWeights w, String a, String b, String c) {
        w.observe(List.of("alice", "bob", "carol"), List.of(a, b, c));
    }

    @Test
    void noEstimateMeansTheDefaultUntilARefit() {
        AnnotatorWeights w = new AnnotatorWeights();
        assertEquals(AnnotatorWeights.DEFAULT, w.weightOf("alice", 2));
        w.observe(List.of("alice"), List.of("x")); // a single label is no consensus item
        assertEquals(0, w.items);
        for (int i = 0; i < AnnotatorWeights.REFIT_EVERY - 1; i++) item(w, "x", "x", i % 2 == 0 ? "x" : "y");
        assertEquals(AnnotatorWeights.DEFAULT, w.weightOf("carol", 2), "no refit before " + AnnotatorWeights.REFIT_EVERY);
        item(w, "x", "x", "y");
        assertTrue(w.weightOf("carol", 2) < 0.5, "carol disagrees half the time: " + w.weightOf("carol", 2));
        assertTrue(w.weightOf("alice", 2) > 0.8, "alice agrees with bob always: " + w.weightOf("alice", 2));
        assertEquals(AnnotatorWeights.DEFAULT, w.weightOf("dave", 2), "nobody knows dave yet");
    }

    /** The Learner and the verifier's replay feed the same items in the same order: the same weights, bit for bit. */
    @Test
    void theSameItemsGiveTheSameWeights() {
        AnnotatorWeights a = new AnnotatorWeights();
        AnnotatorWeights b = new AnnotatorWeights();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 4 * AnnotatorWeights.REFIT_EVERY; i++) {
            String truth = r.nextBoolean() ? "x" : "y";
            String noisy = r.nextDouble() < 0.3 ? (truth.equals("x") ? "y" : "x") : truth;
            item(a, truth, truth, noisy);
            // the order of the votes within an item does not matter
            b.observe(List.of("carol", "alice", "bob"), List.of(noisy, truth, truth));
        }
        assertArrayEquals(a.annotators, b.annotators);
        assertArrayEquals(a.accuracies, b.accuracies);
    }
}
