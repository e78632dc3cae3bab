package io.triage.feature;

/** A sparse feature vector: ascending, distinct indices and their values. */
public record SparseVector(int[] indices, double[] values) {
    public int size() {
        return indices.length;
    }
}
