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
        assertEquals(64, a.digest().length());
        m.learn("x", new int[] {0}, new double[] {1}, 1.0);
        assertNotEquals(a.digest(), m.scoringWeights().digest());
        // Same weights under other class names must not collide.
        ScoringWeights b = new ScoringWeights(new String[] {"p", "q"}, 1, new double[4]);
        ScoringWeights c = new ScoringWeights(new String[] {"pq", ""}, 1, new double[4]);
        assertNotEquals(b.digest(), c.digest());
    }

    @Test
    void digestIsStableAcrossImplementations() throws Exception {
        // the digest of published versions must not change: same bytes as hashing one weight at a time
        ScoringWeights a = trained(50).scoringWeights();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
        md.update(buf.putInt(0, a.dimension()).putInt(4, a.numClasses()).array());
        for (String c : a.classes()) {
            byte[] b = c.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            md.update(buf.putInt(0, b.length).array(), 0, 4);
            md.update(b);
        }
        for (double w : a.weights()) md.update(buf.putLong(0, Double.doubleToLongBits(w)).array());
        assertEquals(java.util.HexFormat.of().formatHex(md.digest()), a.digest());
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
