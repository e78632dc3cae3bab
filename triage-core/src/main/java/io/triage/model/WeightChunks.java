package io.triage.model;

import java.util.Arrays;
import java.util.Map;

/**
 * The state layout that keeps a model's cells (weights and AdaGrad accumulators, row-major K x (D+1) as in
 * {@link ModelState}) in fixed-size chunks, so a learning step rewrites only the chunks its example touched
 * instead of the whole model: a few kilobytes per label at any model size, where the whole model is
 * megabytes at 2^16 hashed features. A chunk value holds the chunk's weights followed by its accumulators.
 */
public final class WeightChunks {
    /** Cells per chunk: 256 weights and 256 accumulators, 4 KB. */
    public static final int SIZE = 256;

    private WeightChunks() {}

    /** Number of chunks for {@code cells} cells. */
    public static int count(int cells) {
        return (cells + SIZE - 1) / SIZE;
    }

    /** The distinct chunks holding the given cell positions, ascending. */
    public static int[] touched(int[] positions) {
        return Arrays.stream(positions).map(p -> p / SIZE).distinct().sorted().toArray();
    }

    /** Chunk {@code chunk} of the model: its weights, then its accumulators. */
    public static double[] read(OnlineModel model, int chunk) {
        int cells = model.classes().size() * (model.dimension() + 1);
        int from = chunk * SIZE;
        int len = Math.min(SIZE, cells - from);
        double[] w = new double[len];
        double[] a = new double[len];
        model.copyCells(from, w, a);
        double[] out = Arrays.copyOf(w, 2 * len);
        System.arraycopy(a, 0, out, len, len);
        return out;
    }

    /**
     * Reassembles the model state from all its chunks.
     *
     * @throws IllegalStateException when a chunk is missing or has the wrong length (corrupt state)
     */
    public static ModelState assemble(String[] classes, int dimension, long updates,
                                      Iterable<Map.Entry<Integer, double[]>> chunks) {
        int cells = classes.length * (dimension + 1);
        double[] w = new double[cells];
        double[] a = new double[cells];
        boolean[] seen = new boolean[count(cells)];
        for (Map.Entry<Integer, double[]> e : chunks) {
            int c = e.getKey();
            if (c < 0 || c >= seen.length) continue; // left over from a larger layout: not part of this model
            int from = c * SIZE;
            int len = Math.min(SIZE, cells - from);
            double[] v = e.getValue();
            if (v == null || v.length != 2 * len) {
                throw new IllegalStateException("weight chunk " + c + " has " + (v == null ? 0 : v.length)
                        + " values, expected " + 2 * len);
            }
            System.arraycopy(v, 0, w, from, len);
            System.arraycopy(v, len, a, from, len);
            seen[c] = true;
        }
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) throw new IllegalStateException("weight chunk " + c + " of " + seen.length + " is missing");
        }
        return new ModelState(classes, dimension, w, a, updates);
    }
}
