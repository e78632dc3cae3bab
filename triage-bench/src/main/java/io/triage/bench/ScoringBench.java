package io.triage.bench;

import io.triage.event.ModelSnapshot;
import io.triage.model.ScoringWeights;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.util.ExpNormalizer;

import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Scoring one parsed record (sparse raw vector) to its routing decision, per core, against two baselines on
 * the same vectors and weights: Tribuo's bare maths ({@code LinearParameters.predict} + {@code ExpNormalizer},
 * from prebuilt, already scaled {@code SparseVector}s with the bias feature) and a plain dot product + softmax
 * on the scaled arrays.
 *
 * <p>Shapes: {@code numN} = N declared numeric features (standardised) in a space of N + 2^10 (the fraud
 * spec's hashBits); {@code text20} = 20 hashed tokens (value 1/√20) in 2^12 buckets. Two classes, threshold
 * 0.5 and audit rate 0.05, so routing is AUTO except the ~5% audit draws (the path of a warm model).
 * A pool of {@value #POOL} distinct records is cycled so branch predictors and caches see varied inputs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScoringBench {
    static final int POOL = 1024;
    static final String MODEL = "fraud";

    @Param({"num8", "num30", "num100", "text20"})
    public String shape;

    ModelSnapshot snapshot;
    String[] ids;
    int[][] idx;
    double[][] raw;
    double[][] scaled;
    SparseVector[] tribuoVectors;
    LinearParameters params;
    ExpNormalizer normalizer;
    double[] w;          // row-major K×(D+1), bias last
    double[] mean;
    double[] std;
    int dimension;
    int k = 2;
    int next;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        int numeric;
        int buckets;
        int tokens;
        if (shape.startsWith("num")) {
            numeric = Integer.parseInt(shape.substring(3));
            buckets = 1 << 10;
            tokens = 0;
        } else {
            numeric = 0;
            buckets = 1 << 12;
            tokens = 20;
        }
        dimension = numeric + buckets;
        mean = new double[numeric];
        std = new double[numeric];
        for (int j = 0; j < numeric; j++) {
            mean[j] = rnd.nextDouble() * 100;
            std[j] = 1 + rnd.nextDouble() * 20;
        }
        w = new double[k * (dimension + 1)];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.3;
        ScoringWeights sw = new ScoringWeights(new String[] {"fraud", "legit"}, dimension, w);
        snapshot = new ModelSnapshot(MODEL, 1234, 7, sw, mean, std, 0.5, new double[0], 0.05, 5000, 0L);

        params = new LinearParameters(dimension + 1, k);
        DenseMatrix m = params.getWeightMatrix();
        for (int c = 0; c < k; c++) {
            for (int d = 0; d <= dimension; d++) m.set(c, d, w[c * (dimension + 1) + d]);
        }
        normalizer = new ExpNormalizer();

        ids = new String[POOL];
        idx = new int[POOL][];
        raw = new double[POOL][];
        scaled = new double[POOL][];
        tribuoVectors = new SparseVector[POOL];
        for (int r = 0; r < POOL; r++) {
            ids[r] = "tx-" + (1_000_000 + r * 7919L);
            if (numeric > 0) {
                idx[r] = new int[numeric];
                raw[r] = new double[numeric];
                for (int j = 0; j < numeric; j++) {
                    idx[r][j] = j;
                    raw[r][j] = mean[j] + std[j] * rnd.nextGaussian();
                }
            } else {
                TreeSet<Integer> set = new TreeSet<>();
                while (set.size() < tokens) set.add(rnd.nextInt(buckets));
                idx[r] = set.stream().mapToInt(Integer::intValue).toArray();
                raw[r] = new double[tokens];
                java.util.Arrays.fill(raw[r], 1.0 / Math.sqrt(tokens));
            }
            scaled[r] = io.triage.feature.OnlineScaler.apply(idx[r], raw[r], mean, std);
            int n = idx[r].length;
            int[] ti = java.util.Arrays.copyOf(idx[r], n + 1);
            double[] tv = java.util.Arrays.copyOf(scaled[r], n + 1);
            ti[n] = dimension;
            tv[n] = 1.0;
            tribuoVectors[r] = SparseVector.createSparseVector(dimension + 1, ti, tv);
        }
    }

    private int nextRecord() {
        int r = next;
        next = (r + 1) & (POOL - 1);
        return r;
    }

    /** The Scorer's per-record path: scale, ScoringWeights.proba, threshold, audit hash, Routing. */
    @Benchmark
    public Routing route() {
        int r = nextRecord();
        return Router.route(MODEL, ids[r], idx[r], raw[r], snapshot);
    }

    /** Tribuo maths only, from a ready scaled SparseVector (bias included). */
    @Benchmark
    public DenseVector tribuoMaths() {
        DenseVector p = params.predict(tribuoVectors[nextRecord()]);
        p.normalize(normalizer);
        return p;
    }

    /** Plain sparse dot product + max-shifted softmax on the scaled arrays. */
    @Benchmark
    public double[] plainDotSoftmax() {
        int r = nextRecord();
        int[] ix = idx[r];
        double[] v = scaled[r];
        int stride = dimension + 1;
        double[] out = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int row = c * stride;
            double s = w[row + dimension];
            for (int i = 0; i < ix.length; i++) s += w[row + ix[i]] * v[i];
            out[c] = s;
            if (s > max) max = s;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) out[c] /= sum;
        return out;
    }
}
