package io.triage.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Random RBF with drifting centroids (MOA's {@code RandomRBFGeneratorDrift}): {@code centroids} centres drawn
 * uniformly in [0, 1]^d, each with a random class, a standard deviation uniform in [0, 1) and a random weight;
 * a record picks a centroid by weight and lies at a Gaussian distance (scaled by its deviation) in a random
 * direction from it. The first {@code drifting} centroids move by {@code speed} per record along a random unit
 * direction, bouncing off the cube's faces: a gradual drift with no single change point. No label noise
 * (the classes overlap where centroids do). Deterministic by seed.
 */
public final class RbfDriftGenerator implements DriftingStream {
    public static final String MODEL = "rbf";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final SplittableRandom random;
    private final long limit;
    private final double speed;
    private final double[][] centre;
    private final double[][] velocity;
    private final int[] cls;
    private final double[] stdDev;
    private final double[] cumulativeWeight;
    private final int classes;
    private long index;

    /** MOA's defaults (50 centroids, 10 attributes, 2 classes), all 50 drifting at 0.0001 per record. */
    public RbfDriftGenerator(long seed, long limit) {
        this(seed, limit, 50, 10, 2, 50, 1e-4);
    }

    public RbfDriftGenerator(long seed, long limit, int centroids, int dims, int classes, int drifting, double speed) {
        // the model (centroids) and the instances draw from separate generators, as in MOA
        SplittableRandom model = new SplittableRandom(seed);
        this.random = model.split();
        this.limit = limit;
        this.speed = speed;
        this.classes = classes;
        this.centre = new double[centroids][dims];
        this.cls = new int[centroids];
        this.stdDev = new double[centroids];
        this.cumulativeWeight = new double[centroids];
        double total = 0;
        for (int i = 0; i < centroids; i++) {
            for (int j = 0; j < dims; j++) centre[i][j] = model.nextDouble();
            cls[i] = model.nextInt(classes);
            stdDev[i] = model.nextDouble();
            total += model.nextDouble();
            cumulativeWeight[i] = total;
        }
        this.velocity = new double[Math.min(drifting, centroids)][dims];
        for (double[] v : velocity) {
            double norm = 0;
            for (int j = 0; j < dims; j++) {
                v[j] = model.nextDouble();
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dims; j++) v[j] /= norm;
        }
    }

    /** Class names: c0, c1, … */
    public static String className(int k) {
        return "c" + k;
    }

    public int classes() {
        return classes;
    }

    @Override
    public String name() {
        return MODEL;
    }

    /** The drift is continuous: no known change points. */
    @Override
    public long[] changePoints() {
        return new long[0];
    }

    @Override
    public boolean hasNext() {
        return index < limit;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        move();
        int c = pick();
        int d = centre[c].length;
        double[] x = new double[d];
        double magnitude = 0;
        for (int j = 0; j < d; j++) {
            x[j] = 2 * random.nextDouble() - 1;
            magnitude += x[j] * x[j];
        }
        double scale = random.nextGaussian() * stdDev[c] / Math.sqrt(magnitude);
        Map<String, Object> f = new LinkedHashMap<>();
        for (int j = 0; j < d; j++) f.put("x" + j, centre[c][j] + x[j] * scale);
        long i = index++;
        return new LabeledRecord(RecordJson.write(MODEL + "-" + i, MODEL, START.plusSeconds(i), f), className(cls[c]));
    }

    private void move() {
        for (int i = 0; i < velocity.length; i++) {
            for (int j = 0; j < velocity[i].length; j++) {
                centre[i][j] += velocity[i][j] * speed;
                if (centre[i][j] > 1) {
                    centre[i][j] = 1;
                    velocity[i][j] = -velocity[i][j];
                } else if (centre[i][j] < 0) {
                    centre[i][j] = 0;
                    velocity[i][j] = -velocity[i][j];
                }
            }
        }
    }

    private int pick() {
        double u = random.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
        for (int i = 0; i < cumulativeWeight.length; i++) if (u < cumulativeWeight[i]) return i;
        return cumulativeWeight.length - 1;
    }
}
