package io.triage.model;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Multinomial logistic regression learned one example at a time with Tribuo's own pieces
 * ({@code LinearParameters}, {@code LogMulticlass}, {@code AdaGrad}): one {@link #learn} call is
 * exactly the inner update of Tribuo's {@code LinearSGDTrainer}. Tribuo has no warm-start
 * training, so the model keeps the parameters and the optimiser state itself.
 *
 * <p>Classes are added as they appear, in insertion order; a new class gets a zero weight row
 * and a zero accumulator row. Not thread-safe: one instance per keyed operator.
 */
public final class OnlineModel {

    private final ModelSettings settings;
    private final int dimension;
    private final List<String> classes = new ArrayList<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    // LogMulticlass is stateless; its ExpNormalizer is the softmax used for predictions too.
    private final LogMulticlass objective = new LogMulticlass();
    /** Null while there are no classes: Tribuo matrices cannot have zero rows. */
    private OwnedLinearParameters params;
    private AdaGrad optimiser;
    private long updates;
    /** Changes that touch every weight or accumulator (a new class, a decay): see {@link #wholeStateChanges}. */
    private long wholeStateChanges;

    public OnlineModel(ModelSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
        this.dimension = settings.dimension();
    }

    public ModelSettings settings() {
        return settings;
    }

    /** Class labels in row (insertion) order; an unmodifiable view. */
    public List<String> classes() {
        return Collections.unmodifiableList(classes);
    }

    public int dimension() {
        return dimension;
    }

    /** Number of {@link #learn} steps taken. */
    public long updates() {
        return updates;
    }

    /**
     * Counts the changes that touched every cell at once (a class added, accumulators decayed). Between two
     * equal readings, a {@link #learn} step changed only the cells of its example's features and the bias, in
     * every class row: what a state store that keeps the cells in chunks must rewrite.
     */
    public long wholeStateChanges() {
        return wholeStateChanges;
    }

    /**
     * Copies cells {@code [from, from + weights.length)} of the row-major K x (D+1) weights and accumulators
     * (the layout of {@link ModelState}) into the given arrays.
     */
    public void copyCells(int from, double[] weights, double[] accumulators) {
        if (weights.length != accumulators.length) {
            throw new IllegalArgumentException("weights and accumulators buffers differ in length");
        }
        int stride = dimension + 1;
        int cells = classes.size() * stride;
        if (from < 0 || from + weights.length > cells) {
            throw new IndexOutOfBoundsException("cells " + from + ".." + (from + weights.length) + " of " + cells);
        }
        DenseMatrix w = params == null ? null : params.getWeightMatrix();
        DenseMatrix a = params == null ? null : params.accumulators();
        for (int i = 0; i < weights.length; i++) {
            int p = from + i;
            weights[i] = w.get(p / stride, p % stride);
            accumulators[i] = a.get(p / stride, p % stride);
        }
    }

    /** The weight at cell {@code cell} of the row-major K x (D+1) layout. */
    public double weightAt(int cell) {
        int stride = dimension + 1;
        return params.getWeightMatrix().get(cell / stride, cell % stride);
    }

    /**
     * Adds a class (zero weights, zero accumulators) if it is new.
     *
     * @return the class's row index
     */
    public int addClass(String label) {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        Integer existing = classIndex.get(label);
        if (existing != null) {
            return existing;
        }
        int k = classes.size();
        DenseMatrix w = new DenseMatrix(k + 1, dimension + 1);
        DenseMatrix a = new DenseMatrix(k + 1, dimension + 1);
        if (params != null) {
            copyRows(params.getWeightMatrix(), w);
            copyRows(params.accumulators(), a);
        }
        classes.add(label);
        classIndex.put(label, k);
        install(w, a);
        wholeStateChanges++;
        return k;
    }

    /** Softmax probabilities in {@link #classes()} order; empty when there are no classes. */
    public double[] predictProba(int[] indices, double[] values) {
        SparseVector x = SparseInput.withBias(dimension, indices, values);
        if (params == null) {
            return new double[0];
        }
        double[] scores = params.predict(x).toArray();
        objective.getNormalizer().normalizeInPlace(scores);
        return scores;
    }

    /**
     * One SGD step on a weighted example, adding the label as a class first if it is new.
     *
     * @return the example's log-loss before the step (may be +Infinity if its probability
     *         underflowed to 0)
     */
    public double learn(String label, int[] indices, double[] values, double weight) {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
        }
        // Validate the input before adding the class, so a bad record changes nothing.
        SparseVector x = SparseInput.withBias(dimension, indices, values);
        int y = addClass(label);
        // LogMulticlass returns the log-likelihood and its ascent direction (onehot - p):
        // params.update adds the step, so no sign flip.
        Pair<Double, SGDVector> valueAndGrad = objective.lossAndGradient(y, params.predict(x));
        params.update(optimiser.step(params.gradients(valueAndGrad, x), weight));
        updates++;
        if (settings.decayEvery() > 0 && updates % settings.decayEvery() == 0) {
            decayAccumulators(settings.accumulatorDecay());
        }
        return -valueAndGrad.getA();
    }

    /**
     * Multiplies the AdaGrad accumulators by {@code factor}, which enlarges future steps: used
     * periodically so the model keeps adapting, and by a drift alarm to re-learn faster.
     */
    public void decayAccumulators(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
        }
        if (params != null && factor != 1.0) {
            params.accumulators().scaleInPlace(factor);
            wholeStateChanges++;
        }
    }

    /** Exact snapshot of weights, optimiser accumulators and counters. */
    public ModelState state() {
        return new ModelState(classes.toArray(new String[0]), dimension, flatten(weightsOrNull()),
                flatten(params == null ? null : params.accumulators()), updates);
    }

    /** Rebuilds a model from {@link #state()}; continued training is bit-identical. */
    public static OnlineModel restore(ModelSettings settings, ModelState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (state.dimension() != settings.dimension()) {
            throw new IllegalArgumentException("state dimension " + state.dimension()
                    + " differs from settings dimension " + settings.dimension());
        }
        if (state.updates() < 0) {
            throw new IllegalArgumentException("state updates must be >= 0, got " + state.updates());
        }
        OnlineModel model = new OnlineModel(settings);
        String[] names = state.classes();
        int k = names.length;
        int stride = settings.dimension() + 1;
        long cells = (long) k * stride;
        if (state.weights().length != cells || state.accumulators().length != cells) {
            throw new IllegalArgumentException("state weights/accumulators must have " + cells
                    + " entries, got " + state.weights().length + "/" + state.accumulators().length);
        }
        for (int c = 0; c < k; c++) {
            if (names[c] == null || model.classIndex.putIfAbsent(names[c], c) != null) {
                throw new IllegalArgumentException("state classes must be unique and non-null");
            }
            model.classes.add(names[c]);
        }
        if (k > 0) {
            model.install(unflatten(state.weights(), k, stride),
                    unflatten(state.accumulators(), k, stride));
        }
        model.updates = state.updates();
        return model;
    }

    /** Immutable weight copy for broadcasting to scorers. */
    public ScoringWeights scoringWeights() {
        return new ScoringWeights(classes.toArray(new String[0]), dimension, flatten(weightsOrNull()));
    }

    /** A standard frozen Tribuo model of the current weights, with provenance. */
    public LinearSGDModel exportTribuo(String modelId, long version) {
        return TribuoExport.toModel(this, modelId, version);
    }

    /** The Tribuo {@code ModelProto} bytes of {@link #exportTribuo}; load with {@code Model.deserialize}. */
    public byte[] exportProtobuf(String modelId, long version) {
        return TribuoExport.toProto(this, modelId, version).toByteArray();
    }

    /** Weights matrix (K x (D+1)), or null with no classes. Package-private for export. */
    DenseMatrix weightsOrNull() {
        return params == null ? null : params.getWeightMatrix();
    }

    private void install(DenseMatrix weights, DenseMatrix accumulators) {
        params = new OwnedLinearParameters(weights, accumulators);
        // A fresh AdaGrad adopts our accumulator matrix via getEmptyCopy(); it holds no other state.
        optimiser = new AdaGrad(settings.learningRate(), settings.epsilon());
        optimiser.initialise(params);
    }

    private static void copyRows(DenseMatrix from, DenseMatrix to) {
        for (int r = 0; r < from.getDimension1Size(); r++) {
            for (int c = 0; c < from.getDimension2Size(); c++) {
                to.set(r, c, from.get(r, c));
            }
        }
    }

    private static double[] flatten(DenseMatrix m) {
        if (m == null) {
            return new double[0];
        }
        int rows = m.getDimension1Size();
        int cols = m.getDimension2Size();
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = m.get(r, c);
            }
        }
        return out;
    }

    private static DenseMatrix unflatten(double[] flat, int rows, int cols) {
        DenseMatrix m = new DenseMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, flat[r * cols + c]);
            }
        }
        return m;
    }
}
