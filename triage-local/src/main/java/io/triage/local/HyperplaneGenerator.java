package io.triage.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Rotating hyperplane (Hulten, Spencer &amp; Domingos, KDD 2001, as in MOA's HyperplaneGenerator): d features
 * uniform in [0, 1], class "pos" iff Σ wᵢxᵢ ≥ ½ Σ wᵢ. The first {@code drifting} weights move by
 * {@code magnitude} per record, each reversing direction with probability 10% at every step (gradual
 * drift); at known change points all weights are redrawn (abrupt drift). 5% class noise by default.
 */
public final class HyperplaneGenerator implements DriftingStream {
    public static final String MODEL = "hyperplane";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final double REVERSE = 0.10;
    public static final double DEFAULT_NOISE = 0.05;

    private final SplittableRandom random;
    private final long limit;
    private final long block;
    private final int drifting;
    private final double magnitude;
    private final double noise;
    private final double[] w;
    private final int[] direction;
    private long index;

    /** 10 features, 4 abrupt concepts of equal length, gentle rotation of 2 weights (0.0001/record), 5% noise. */
    public HyperplaneGenerator(long seed, long limit) {
        this(seed, limit, DEFAULT_NOISE);
    }

    /** As above with class noise {@code noise} (0: noise-free; same features as any other noise, same seed). */
    public HyperplaneGenerator(long seed, long limit, double noise) {
        this(seed, limit, Math.max(1, limit / 4), 10, 2, 1e-4, noise);
    }

    public HyperplaneGenerator(long seed, long limit, long block, int dims, int drifting, double magnitude,
                               double noise) {
        this.random = new SplittableRandom(seed);
        this.limit = limit;
        this.block = block;
        this.drifting = Math.min(drifting, dims);
        this.magnitude = magnitude;
        this.noise = noise;
        this.w = new double[dims];
        this.direction = new int[dims];
        redraw();
        for (int i = 0; i < dims; i++) direction[i] = 1;
    }

    private void redraw() {
        for (int i = 0; i < w.length; i++) w[i] = random.nextDouble();
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public long[] changePoints() {
        return DriftingStream.everyBlock(limit, block);
    }

    @Override
    public boolean hasNext() {
        return index < limit;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (index > 0 && index % block == 0) redraw();
        Map<String, Object> f = new LinkedHashMap<>();
        double dot = 0, sum = 0;
        for (int i = 0; i < w.length; i++) {
            double x = random.nextDouble();
            f.put("x" + i, x);
            dot += w[i] * x;
            sum += w[i];
        }
        boolean pos = dot >= sum / 2;
        if (random.nextDouble() < noise) pos = !pos;
        for (int i = 0; i < drifting; i++) {
            w[i] += direction[i] * magnitude;
            if (random.nextDouble() < REVERSE) direction[i] = -direction[i];
        }
        long i = index++;
        return new LabeledRecord(RecordJson.write(MODEL + "-" + i, MODEL, START.plusSeconds(i), f), pos ? "pos" : "neg");
    }
}
