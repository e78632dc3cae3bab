package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoringWeightsTest {

    private static OnlineModel trained(int n) {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(30));
        SyntheticStream stream = new SyntheticStream(9, 30, 6, "x", "y", "z", "w");
        for (int i = 0; i < n; i++) {
            SyntheticStream.Example e = stream.next();
            m.learn(e.label(), e.indices(), e.values(), 1.0);
        }
        return m;
    }

    /** Two classes over 600 features: 2 x 601 weights, five chunks, the last one partial. */
    private static OnlineModel trainedWide() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(600));
        Random r = new Random(4);
        for (int i = 0; i < 400; i++) {
            int j = r.nextInt(599);
            m.learn(r.nextBoolean() ? "a" : "b", new int[] {j, j + 1}, new double[] {r.nextGaussian(), 1.0}, 1.0);
        }
        return m;
    }

    @Test
    void probaMatchesPredictProba() {
        OnlineModel m = trained(3000);
        ScoringWeights sw = m.scoringWeights();
        assertEquals(m.classes(), java.util.List.of(sw.classes()));
        Random r = new Random(1);
        for (int t = 0; t < 500; t++) {
            int n = r.nextInt(8);
            int[] idx = new int[n];
            double[] val = new double[n];
            for (int i = 0; i < n; i++) {
                idx[i] = r.nextInt(30); // unsorted, possibly repeated
                val[i] = r.nextGaussian() * 3;
            }
            assertArrayEquals(m.predictProba(idx, val), sw.proba(idx, val), 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> sw.proba(new int[] {30}, new double[] {1}));
    }

    @Test
    void digestIdentifiesWeights() {
        OnlineModel m = trained(100);
        ScoringWeights a = m.scoringWeights();
        assertEquals(a.digest(), m.scoringWeights().digest());
        assertEquals(a, m.scoringWeights());
        assertEquals(WeightDigest.PREFIX.length() + 64, a.digest().length());
        m.learn("x", new int[] {0}, new double[] {1}, 1.0);
        assertNotEquals(a.digest(), m.scoringWeights().digest());
        // Same weights under other class names must not collide.
        ScoringWeights b = new ScoringWeights(new String[] {"p", "q"}, 1, new double[4]);
        ScoringWeights c = new ScoringWeights(new String[] {"pq", ""}, 1, new double[4]);
        assertNotEquals(b.digest(), c.digest());
    }

    @Test
    void digestIsAHashOfChunkHashes() throws Exception {
        // written out independently of WeightDigest: SHA-256(dimension, classes, SHA-256 of each 256-weight chunk)
        ScoringWeights a = trainedWide().scoringWeights(); // 2 x 601 weights: 5 chunks
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
        md.update(buf.putInt(0, a.dimension()).putInt(4, a.numClasses()).array());
        for (String c : a.classes()) {
            byte[] b = c.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            md.update(buf.putInt(0, b.length).array(), 0, 4);
            md.update(b);
        }
        double[] w = a.weights();
        for (int from = 0; from < w.length; from += 256) {
            java.security.MessageDigest chunk = java.security.MessageDigest.getInstance("SHA-256");
            for (int i = from; i < Math.min(w.length, from + 256); i++) {
                chunk.update(java.nio.ByteBuffer.allocate(8).putLong(0, Double.doubleToLongBits(w[i])).array());
            }
            md.update(chunk.digest());
        }
        assertEquals("sha256-chunks:" + java.util.HexFormat.of().formatHex(md.digest()), a.digest());
    }

    @Test
    void anIncrementalDigestEqualsTheFullOne() {
        OnlineModel m = trainedWide();
        ScoringWeights before = m.scoringWeights();
        WeightDigest running = new WeightDigest(before.classes(), before.dimension(), before.weights());
        m.learn("b", new int[] {5, 590}, new double[] {1.0, -2.0}, 1.0);
        double[] after = m.scoringWeights().weights();
        running.update(after, new int[] {5, 590, 600, 606, 1191, 1201});
        assertEquals(m.scoringWeights().digest(), running.hex());
        assertNotEquals(before.digest(), running.hex());
    }

    @Test
    void isImmutable() {
        double[] w = {1, 2, 3, 4};
        ScoringWeights sw = new ScoringWeights(new String[] {"a", "b"}, 1, w);
        w[0] = 100;
        sw.weights()[1] = 100;
        assertArrayEquals(new double[] {1, 2, 3, 4}, sw.weights(), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> new ScoringWeights(new String[] {"a"}, 1, new double[3]));
    }
}
