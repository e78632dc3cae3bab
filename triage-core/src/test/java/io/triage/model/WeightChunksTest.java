package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightChunksTest {
    private static OnlineModel trained(int dimension, int steps) {
        OnlineModel m = new OnlineModel(new ModelSettings(dimension, 0.3, 1e-6, 1.0, 0, 1L));
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < steps; i++) {
            int[] idx = {rnd.nextInt(dimension), rnd.nextInt(dimension)};
            if (idx[0] == idx[1]) continue;
            java.util.Arrays.sort(idx);
            m.learn(rnd.nextBoolean() ? "a" : "b", idx, new double[] {rnd.nextDouble(), 1.0}, 1.0);
        }
        return m;
    }

    private static List<Map.Entry<Integer, double[]>> all(OnlineModel m) {
        List<Map.Entry<Integer, double[]>> out = new ArrayList<>();
        int n = WeightChunks.count(m.classes().size() * (m.dimension() + 1));
        for (int c = 0; c < n; c++) out.add(Map.entry(c, WeightChunks.read(m, c)));
        return out;
    }

    @Test
    void chunksReassembleTheExactState() {
        OnlineModel m = trained(1000, 500); // 2 x 1001 cells: 8 chunks, the last one partial
        assertEquals(8, WeightChunks.count(2002));
        ModelState s = WeightChunks.assemble(m.classes().toArray(new String[0]), 1000, m.updates(), all(m));
        assertEquals(m.state(), s);
    }

    @Test
    void aStepChangesOnlyTheChunksOfItsFeaturesAndTheBias() {
        OnlineModel m = trained(1000, 200);
        List<Map.Entry<Integer, double[]>> before = all(m);
        long whole = m.wholeStateChanges();
        int[] idx = {3, 700};
        m.learn("a", idx, new double[] {0.5, 2.0}, 1.0);
        assertEquals(whole, m.wholeStateChanges());
        // cells of features 3 and 700 and the bias (1000), in rows 0 and 1 (stride 1001)
        int[] cells = {3, 700, 1000, 1004, 1701, 2001};
        int[] touched = WeightChunks.touched(cells);
        assertArrayEquals(new int[] {0, 2, 3, 6, 7}, touched);
        List<Map.Entry<Integer, double[]>> after = all(m);
        for (int c = 0; c < after.size(); c++) {
            boolean isTouched = java.util.Arrays.binarySearch(touched, c) >= 0;
            if (!isTouched) assertArrayEquals(before.get(c).getValue(), after.get(c).getValue(), 0.0, "chunk " + c);
        }
        m.decayAccumulators(0.5);
        assertEquals(whole + 1, m.wholeStateChanges(), "a decay changes every cell");
    }

    @Test
    void aMissingOrTruncatedChunkIsCorruptState() {
        OnlineModel m = trained(1000, 50);
        String[] classes = m.classes().toArray(new String[0]);
        List<Map.Entry<Integer, double[]>> chunks = all(m);
        chunks.remove(4);
        assertThrows(IllegalStateException.class, () -> WeightChunks.assemble(classes, 1000, 0, chunks));
        List<Map.Entry<Integer, double[]>> truncated = all(m);
        truncated.set(7, Map.entry(7, new double[3]));
        assertThrows(IllegalStateException.class, () -> WeightChunks.assemble(classes, 1000, 0, truncated));
    }
}
