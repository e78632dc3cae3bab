package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineModelTest {

    /** Prequential (test-then-train) accuracy over examples [from, to) of a run of n examples. */
    private static double prequential(OnlineModel model, SyntheticStream stream, int n, int from, int to) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            SyntheticStream.Example e = stream.next();
            if (i >= from && i < to) {
                String guess = SyntheticStream.argmax(model, model.predictProba(e.indices(), e.values()));
                hits += e.label().equals(guess) ? 1 : 0;
            }
            model.learn(e.label(), e.indices(), e.values(), 1.0);
        }
        return hits / (double) (to - from);
    }

    @Test
    void handCheckedFirstStep() {
        OnlineModel m = new OnlineModel(new ModelSettings(5, 0.1, 0.1, 0.9, 1000, 1));
        m.addClass("a");
        m.addClass("b");
        int[] idx = {3};
        double[] val = {2.0};
        assertArrayEquals(new double[] {0.5, 0.5}, m.predictProba(idx, val), 0.0);

        double loss = m.learn("a", idx, val, 1.0);
        assertEquals(Math.log(2), loss, 1e-15);
        // AdaGrad: w += lr * g / (eps + sqrt(g^2)), g = (onehot - p) * x.
        double wFeature = 0.1 * 1.0 / (0.1 + 1.0); // g = 0.5 * 2.0
        double wBias = 0.1 * 0.5 / (0.1 + 0.5);    // g = 0.5 * 1.0 (bias feature)
        double[] expected = {
            0, 0, 0, wFeature, 0, wBias,
            0, 0, 0, -wFeature, 0, -wBias};
        assertArrayEquals(expected, m.scoringWeights().weights(), 1e-15);
        double[] acc = m.state().accumulators();
        assertEquals(1.0, acc[3], 1e-15);
        assertEquals(0.25, acc[5], 1e-15);
        assertEquals(1L, m.updates());
    }

    @Test
    void noClassesAndOneClass() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(4));
        assertEquals(0, m.predictProba(new int[] {1}, new double[] {1}).length);
        m.learn("only", new int[] {1}, new double[] {3}, 1.0);
        assertArrayEquals(new double[] {1.0}, m.predictProba(new int[] {2}, new double[] {5}), 0.0);
        assertEquals(List.of("only"), m.classes());
    }

    @Test
    void invalidInputsRejected() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(4));
        assertThrows(IllegalArgumentException.class, () -> m.predictProba(new int[] {4}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> m.predictProba(new int[] {-1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> m.predictProba(new int[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> m.learn("a", new int[] {4}, new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> m.learn("a", new int[] {1}, new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> m.learn("a", new int[] {1}, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> m.learn(null, new int[] {1}, new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> m.decayAccumulators(0));
        // A rejected record must not have added its class.
        assertEquals(List.of(), m.classes());
        assertEquals(0, m.updates());
    }

    @Test
    void duplicateIndicesAreSummed() {
        OnlineModel a = new OnlineModel(ModelSettings.defaults(4));
        OnlineModel b = new OnlineModel(ModelSettings.defaults(4));
        a.learn("x", new int[] {2, 1, 2}, new double[] {1, 1, 2}, 1.0);
        b.learn("x", new int[] {1, 2}, new double[] {1, 3}, 1.0);
        a.learn("y", new int[] {3}, new double[] {1}, 1.0);
        b.learn("y", new int[] {3}, new double[] {1}, 1.0);
        assertEquals(b.state(), a.state());
    }

    @Test
    void learnsSeparableTwoClassProblem() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(20));
        double acc = prequential(m, new SyntheticStream(7, 20, 5, "neg", "pos"), 5000, 4000, 5000);
        System.out.printf("2-class prequential accuracy, last 1000 of 5000: %.3f%n", acc);
        assertTrue(acc > 0.95, "accuracy " + acc);
        assertEquals(List.of("neg", "pos"), m.classes().stream().sorted().toList());
        assertEquals(5000, m.updates());
    }

    @Test
    void learnsThreeClassProblem() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(20));
        double acc = prequential(m, new SyntheticStream(11, 20, 5, "a", "b", "c"), 5000, 4000, 5000);
        System.out.printf("3-class prequential accuracy, last 1000 of 5000: %.3f%n", acc);
        assertEquals(3, m.classes().size());
        assertTrue(acc > 0.9, "accuracy " + acc);
    }

    /**
     * Accuracy in windows of 1000 after labels flip at example 5000; {@code alarm} < 1 is the
     * factor a drift alarm would pass to decayAccumulators at the change.
     */
    private static double[] driftRun(ModelSettings settings, double alarm) {
        OnlineModel m = new OnlineModel(settings);
        SyntheticStream stream = new SyntheticStream(23, 20, 5, "neg", "pos");
        double[] windows = new double[3];
        for (int i = 0; i < 8000; i++) {
            SyntheticStream.Example e = stream.next();
            String label = e.label();
            if (i >= 5000) {
                label = label.equals("neg") ? "pos" : "neg"; // abrupt concept change
                if (i == 5000 && alarm < 1) {
                    m.decayAccumulators(alarm);
                }
                String guess = SyntheticStream.argmax(m, m.predictProba(e.indices(), e.values()));
                windows[(i - 5000) / 1000] += label.equals(guess) ? 1e-3 : 0;
            }
            m.learn(label, e.indices(), e.values(), 1.0);
        }
        return windows;
    }

    @Test
    void recoversFromAbruptConceptChange() {
        // Default learning rate 0.1 recovers slowly from a full label flip (~0.82 in the third
        // 1000); 0.3 keeps steady-state accuracy and recovers well, so the assertion uses it.
        double[] defaults = driftRun(ModelSettings.defaults(20), 1);
        double[] decayed = driftRun(new ModelSettings(20, 0.3, 0.1, 0.9, 1000, 1), 1);
        double[] plain = driftRun(new ModelSettings(20, 0.3, 0.1, 1.0, 0, 1), 1);
        double[] alarmed = driftRun(new ModelSettings(20, 0.3, 0.1, 0.9, 1000, 1), 0.01);
        System.out.printf("after drift, accuracy per 1000 examples:%n"
                + "  lr 0.1, decay 0.9/1000: %.3f %.3f %.3f%n"
                + "  lr 0.3, decay 0.9/1000: %.3f %.3f %.3f%n"
                + "  lr 0.3, no decay:       %.3f %.3f %.3f%n"
                + "  lr 0.3, decay + alarm decayAccumulators(0.01): %.3f %.3f %.3f%n",
                defaults[0], defaults[1], defaults[2], decayed[0], decayed[1], decayed[2],
                plain[0], plain[1], plain[2], alarmed[0], alarmed[1], alarmed[2]);
        assertTrue(decayed[2] > 0.85, "accuracy 2000-3000 after drift " + decayed[2]);
        assertTrue(decayed[0] > plain[0], "periodic decay should speed recovery");
        assertTrue(alarmed[0] > decayed[0], "an alarm decay should speed recovery further");
    }

    @Test
    void explicitDecayScalesAccumulators() {
        OnlineModel m = new OnlineModel(new ModelSettings(4, 0.1, 0.1, 1.0, 0, 1));
        m.learn("a", new int[] {0}, new double[] {2}, 1.0);
        m.learn("b", new int[] {0}, new double[] {2}, 1.0);
        double[] before = m.state().accumulators();
        m.decayAccumulators(0.5);
        double[] after = m.state().accumulators();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] * 0.5, after[i], 0.0);
        }
    }

    @Test
    void classAddedMidStreamKeepsOldClassesSensible() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(20));
        SyntheticStream ab = new SyntheticStream(31, 20, 5, "a", "b");
        for (int i = 0; i < 3000; i++) {
            SyntheticStream.Example e = ab.next();
            m.learn(e.label(), e.indices(), e.values(), 1.0);
        }
        SyntheticStream.Example probe = ab.next();
        double[] p2 = m.predictProba(probe.indices(), probe.values());

        // A new class gets a zero row: old classes keep their odds against each other exactly.
        m.addClass("c");
        assertEquals(List.of("a", "b", "c"), m.classes().subList(0, 3).stream().sorted().toList());
        double[] p3 = m.predictProba(probe.indices(), probe.values());
        assertEquals(3, p3.length);
        assertEquals(p2[0] / p2[1], p3[0] / p3[1], 1e-9 * (p2[0] / p2[1]));
        assertEquals(1.0, p3[0] + p3[1] + p3[2], 1e-12);

        // Learning "c" (which fires on feature 19 strongly) must not ruin a-vs-b.
        int hitsAb = 0;
        int hitsC = 0;
        for (int i = 0; i < 2000; i++) {
            SyntheticStream.Example e = ab.next();
            if (i % 4 == 0) {
                int[] idx = {19};
                double[] val = {3.0};
                hitsC += "c".equals(SyntheticStream.argmax(m, m.predictProba(idx, val))) && i >= 1000 ? 1 : 0;
                m.learn("c", idx, val, 1.0);
            } else {
                hitsAb += e.label().equals(SyntheticStream.argmax(m, m.predictProba(e.indices(), e.values())))
                        && i >= 1000 ? 1 : 0;
                m.learn(e.label(), e.indices(), e.values(), 1.0);
            }
        }
        double accAb = hitsAb / 750.0;
        double accC = hitsC / 250.0;
        System.out.printf("after adding class c: a/b accuracy %.3f, c accuracy %.3f%n", accAb, accC);
        assertTrue(accAb > 0.9, "a/b accuracy " + accAb);
        assertTrue(accC > 0.95, "c accuracy " + accC);
    }
}
