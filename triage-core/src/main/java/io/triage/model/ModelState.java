package io.triage.model;

import java.util.Arrays;

/**
 * Exact snapshot of an {@link OnlineModel}, made only of primitives, Strings and their arrays so
 * Flink can keep it as state with its record serializer (no Kryo, no Tribuo classes).
 *
 * @param classes      class labels in row order
 * @param dimension    feature-space size D
 * @param weights      row-major K x (D+1) weights, bias in the last column of each row
 * @param accumulators AdaGrad squared-gradient accumulators, same shape as {@code weights}
 * @param updates      number of learning steps taken
 */
public record ModelState(String[] classes, int dimension, double[] weights, double[] accumulators,
                         long updates) {

    // Arrays are compared by content: record equality would otherwise be by reference.
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelState s
                && dimension == s.dimension && updates == s.updates
                && Arrays.equals(classes, s.classes)
                && Arrays.equals(weights, s.weights)
                && Arrays.equals(accumulators, s.accumulators);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(classes);
        h = 31 * h + dimension;
        h = 31 * h + Arrays.hashCode(weights);
        h = 31 * h + Arrays.hashCode(accumulators);
        return 31 * h + Long.hashCode(updates);
    }

    @Override
    public String toString() {
        return "ModelState[classes=" + Arrays.toString(classes) + ", dimension=" + dimension
                + ", updates=" + updates + "]";
    }
}
