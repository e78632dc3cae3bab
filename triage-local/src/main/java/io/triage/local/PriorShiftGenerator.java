package io.triage.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A class-prior shift: two Gaussian classes ("a" around +{@code separation}, "b" around −{@code separation} in
 * every one of {@code dims} features, unit variance); the first {@code opening} records are all "a", after that
 * a record is "a" with probability {@code shareA}. The class-conditional features never change, only the mix
 * does: a policy that certified on the one-class opening must notice that its evidence no longer describes the
 * traffic. One known change point, at {@code opening}. No label noise. Deterministic by seed.
 */
public final class PriorShiftGenerator implements DriftingStream {
    public static final String MODEL = "prior";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final SplittableRandom random;
    private final long limit;
    private final long opening;
    private final double shareA;
    private final int dims;
    private final double separation;
    private long index;

    /** 300 records of "a", then a 50/50 mix; 4 features, means ±0.8 (Bayes error ≈ 5.5%). */
    public PriorShiftGenerator(long seed, long limit) {
        this(seed, limit, 300, 0.5, 4, 0.8);
    }

    public PriorShiftGenerator(long seed, long limit, long opening, double shareA, int dims, double separation) {
        this.random = new SplittableRandom(seed);
        this.limit = limit;
        this.opening = opening;
        this.shareA = shareA;
        this.dims = dims;
        this.separation = separation;
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public long[] changePoints() {
        return opening > 0 && opening < limit ? new long[] {opening} : new long[0];
    }

    @Override
    public boolean hasNext() {
        return index < limit;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        boolean a = index < opening || random.nextDouble() < shareA;
        double mean = a ? separation : -separation;
        Map<String, Object> f = new LinkedHashMap<>();
        for (int j = 0; j < dims; j++) f.put("x" + j, mean + random.nextGaussian());
        long i = index++;
        return new LabeledRecord(RecordJson.write(MODEL + "-" + i, MODEL, START.plusSeconds(i), f), a ? "a" : "b");
    }
}
