package io.triage.model;

/**
 * Hyper-parameters of an {@link OnlineModel}. Immutable and validated on construction so a bad
 * configuration fails at job start rather than as NaN weights hours later.
 *
 * @param dimension        size D of the fixed feature space; inputs are sparse indices in [0, D)
 * @param learningRate     AdaGrad initial learning rate
 * @param epsilon          AdaGrad epsilon (added to sqrt of the accumulator; Tribuo's trainer default is 0.1)
 * @param accumulatorDecay factor in (0, 1] applied to the AdaGrad accumulators every {@code decayEvery}
 *                         updates; below 1 it keeps the step size from shrinking forever, so the
 *                         model can follow concept drift
 * @param decayEvery       apply {@code accumulatorDecay} every this many updates; 0 = never
 * @param seed             recorded in provenance; the online step itself is deterministic
 */
public record ModelSettings(int dimension, double learningRate, double epsilon,
                            double accumulatorDecay, int decayEvery, long seed) {

    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_EPSILON = 0.1;
    public static final double DEFAULT_ACCUMULATOR_DECAY = 0.9;
    public static final int DEFAULT_DECAY_EVERY = 1000;
    public static final long DEFAULT_SEED = 1L;

    public ModelSettings {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(accumulatorDecay > 0 && accumulatorDecay <= 1)) {
            throw new IllegalArgumentException("accumulatorDecay must be in (0, 1], got " + accumulatorDecay);
        }
        if (decayEvery < 0) {
            throw new IllegalArgumentException("decayEvery must be >= 0 (0 = never), got " + decayEvery);
        }
    }

    /** Defaults for everything but the dimension. */
    public static ModelSettings defaults(int dimension) {
        return new ModelSettings(dimension, DEFAULT_LEARNING_RATE, DEFAULT_EPSILON,
                DEFAULT_ACCUMULATOR_DECAY, DEFAULT_DECAY_EVERY, DEFAULT_SEED);
    }
}
