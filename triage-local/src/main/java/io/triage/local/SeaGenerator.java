package io.triage.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * SEA concepts (Street &amp; Kim, KDD 2001): three features uniform in [0, 10], the third irrelevant;
 * class "pos" iff f1 + f2 ≤ θ, with θ cycling through 8, 9, 7, 9.5 in equal blocks (abrupt changes at
 * known points) and 10% class noise. Deterministic by seed.
 */
public final class SeaGenerator implements DriftingStream {
    public static final String MODEL = "sea";
    static final double[] THETAS = {8, 9, 7, 9.5};
    public static final double DEFAULT_NOISE = 0.10;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final SplittableRandom random;
    private final long limit;
    private final long block;
    private final double noise;
    private long index;

    /** {@code limit} records in four concepts of {@code limit / 4} records each, 10% noise. */
    public SeaGenerator(long seed, long limit) {
        this(seed, limit, DEFAULT_NOISE);
    }

    /** As above with class noise {@code noise} (0: noise-free; same features as any other noise, same seed). */
    public SeaGenerator(long seed, long limit, double noise) {
        this(seed, limit, Math.max(1, limit / THETAS.length), noise);
    }

    public SeaGenerator(long seed, long limit, long block, double noise) {
        this.random = new SplittableRandom(seed);
        this.limit = limit;
        this.block = block;
        this.noise = noise;
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public long[] changePoints() {
        return DriftingStream.everyBlock(limit, block);
    }

    double theta(long i) {
        return THETAS[(int) ((i / block) % THETAS.length)];
    }

    @Override
    public boolean hasNext() {
        return index < limit;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        double f1 = 10 * random.nextDouble();
        double f2 = 10 * random.nextDouble();
        double f3 = 10 * random.nextDouble();
        boolean pos = f1 + f2 <= theta(index);
        if (random.nextDouble() < noise) pos = !pos;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("f1", f1);
        f.put("f2", f2);
        f.put("f3", f3);
        long i = index++;
        return new LabeledRecord(RecordJson.write(MODEL + "-" + i, MODEL, START.plusSeconds(i), f), pos ? "pos" : "neg");
    }
}
