package io.triage.spec;

import java.io.Serializable;

/**
 * Online learner settings (AdaGrad on Tribuo's multinomial logistic regression).
 *
 * @param learningRate      AdaGrad initial learning rate
 * @param epsilon           AdaGrad epsilon
 * @param accumulatorDecay  factor applied to AdaGrad accumulators every {@code decayEvery} updates (1 = none)
 * @param decayEvery        updates between accumulator decays (0 = never)
 * @param hashBits          log2 of the hashed feature space for categorical and text fields
 * @param seed              random seed
 */
public record LearningSpec(Double learningRate, Double epsilon, Double accumulatorDecay, Integer decayEvery,
                           Integer hashBits, Long seed) implements Serializable {
    public LearningSpec {
        learningRate = learningRate == null ? 0.3 : learningRate;
        epsilon = epsilon == null ? 0.1 : epsilon;
        accumulatorDecay = accumulatorDecay == null ? 0.9 : accumulatorDecay;
        decayEvery = decayEvery == null ? 1000 : decayEvery;
        hashBits = hashBits == null ? 12 : hashBits;
        seed = seed == null ? 42L : seed;
    }

    public static LearningSpec defaults() {
        return new LearningSpec(null, null, null, null, null, null);
    }

    /** The defaults with a hashed feature space of 2^{@code bits}. */
    public static LearningSpec hashBits(int bits) {
        return new LearningSpec(null, null, null, null, bits, null);
    }

    public LearningSpec withLearningRate(double rate) {
        return new LearningSpec(rate, epsilon, accumulatorDecay, decayEvery, hashBits, seed);
    }

    public LearningSpec withSeed(long s) {
        return new LearningSpec(learningRate, epsilon, accumulatorDecay, decayEvery, hashBits, s);
    }

    void validate(Problems p, String path) {
        p.positive(learningRate, path + ".learningRate");
        p.positive(epsilon, path + ".epsilon");
        p.check(accumulatorDecay > 0 && accumulatorDecay <= 1, path + ".accumulatorDecay",
                "must be in (0, 1], was " + accumulatorDecay);
        p.check(decayEvery >= 0, path + ".decayEvery", "must be ≥ 0, was " + decayEvery);
        p.check(hashBits >= 1 && hashBits <= 20, path + ".hashBits", "must be in [1, 20], was " + hashBits);
    }
}
