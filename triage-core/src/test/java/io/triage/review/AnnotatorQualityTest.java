package io.triage.review;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotatorQualityTest {
    private static final List<String> TEAM = List.of("alice", "bob", "carol");

    private static void add(AnnotatorQuality q, int times, String a, String b, String c) {
        for (int i = 0; i < times; i++) q.add(TEAM, List.of(a, b, c));
    }

    @Test
    void recoversAccuraciesFromPatternsTheModelPredictsExactly() {
        // p = 0.9, 0.8, 0.7 on binary items: all agree .510, alice+bob vs carol .230, alice+carol vs bob .150,
        // bob+carol vs alice .110 (e.g. .9·.8·.3 + .1·.2·.7 = .230); the classes' shares do not matter
        AnnotatorQuality q = new AnnotatorQuality();
        add(q, 30_000, "x", "x", "x");
        add(q, 21_000, "y", "y", "y");
        add(q, 12_000, "x", "x", "y");
        add(q, 11_000, "y", "y", "x");
        add(q, 8_000, "x", "y", "x");
        add(q, 7_000, "y", "x", "y");
        add(q, 6_000, "y", "x", "x");
        add(q, 5_000, "x", "y", "y");
        Map<String, Double> acc = q.accuracies();
        assertEquals(0.9, acc.get("alice"), 1e-3);
        assertEquals(0.8, acc.get("bob"), 1e-3);
        assertEquals(0.7, acc.get("carol"), 1e-3);
    }

    @Test
    void fullAgreementIsSmoothedByThePrior() {
        AnnotatorQuality q = new AnnotatorQuality();
        add(q, 5, "x", "x", "x");
        add(q, 5, "y", "y", "y");
        // (10 items right + 1) / (10 + 2), a little less as all three could have been wrong together
        q.accuracies().values().forEach(p -> assertEquals(11.0 / 12, p, 1e-3));
        assertEquals(1.0, q.fleissKappa(), 1e-12);
    }

    @Test
    void fleissKappaOfTwoItems() {
        AnnotatorQuality q = new AnnotatorQuality();
        q.add(List.of("a", "b"), List.of("A", "A"));
        q.add(List.of("a", "b"), List.of("A", "B"));
        // observed (1 + 0) / 2 = .5; chance (3/4)² + (1/4)² = .625; (.5 − .625) / (1 − .625) = −1/3
        assertEquals(-1.0 / 3, q.fleissKappa(), 1e-12);
        assertTrue(Double.isNaN(new AnnotatorQuality().fleissKappa()));
    }

    @Test
    void fleissKappaOfFourteenRatersOnTenItems() {
        // Fleiss (1971)'s worked example as commonly reproduced: 14 raters, 5 categories, kappa 0.210
        int[][] table = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        AnnotatorQuality q = new AnnotatorQuality();
        for (int[] row : table) {
            List<String> who = new ArrayList<>();
            List<String> votes = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                for (int k = 0; k < row[c]; k++) {
                    who.add("r" + who.size());
                    votes.add("c" + c);
                }
            }
            q.add(who, votes);
        }
        assertEquals(0.210, q.fleissKappa(), 0.001);
    }

    private static Map<String, Double> simulate(long seed, double[] truth, int items) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        AnnotatorQuality q = new AnnotatorQuality();
        for (int item = 0; item < items; item++) {
            String t = rnd.nextDouble() < 0.3 ? "spam" : "ham";
            List<String> votes = new ArrayList<>();
            for (double p : truth) votes.add(rnd.nextDouble() < p ? t : t.equals("spam") ? "ham" : "spam");
            q.add(TEAM, votes);
        }
        return q.accuracies();
    }

    @Test
    void simulatedTeamOfThreeOnTwoThousandBinaryItems() {
        double[] truth = {0.98, 0.80, 0.60};
        for (long seed = 1; seed <= 5; seed++) {
            Map<String, Double> acc = simulate(seed, truth, 2000);
            for (int i = 0; i < 3; i++) assertEquals(truth[i], acc.get(TEAM.get(i)), 0.05, "seed " + seed + ": " + acc);
        }
        // what ±0.05 is worth: the 0.98 annotator is known only through two weak colleagues, so its estimate
        // has a sampling error of about 0.03 on 2,000 items and misses ±0.05 in roughly one run in eight
        double[] squared = new double[3];
        int outside = 0;
        for (long seed = 100; seed < 200; seed++) {
            Map<String, Double> acc = simulate(seed, truth, 2000);
            boolean miss = false;
            for (int i = 0; i < 3; i++) {
                double d = acc.get(TEAM.get(i)) - truth[i];
                squared[i] += d * d;
                miss |= Math.abs(d) > 0.05;
            }
            if (miss) outside++;
        }
        for (int i = 0; i < 3; i++) assertTrue(Math.sqrt(squared[i] / 100) < 0.04, TEAM.get(i) + " rmse " + Math.sqrt(squared[i] / 100));
        assertTrue(outside <= 20, outside + " of 100 runs outside ±0.05");
    }

    @Test
    void patternIgnoresOrderAndClassNames() {
        assertEquals("alice:0,bob:0,carol:1", AnnotatorQuality.pattern(List.of("carol", "bob", "alice"), List.of("y", "x", "x")));
        assertEquals("alice:0,bob:0,carol:1", AnnotatorQuality.pattern(List.of("alice", "bob", "carol"), List.of("y", "y", "x")));
    }
}
