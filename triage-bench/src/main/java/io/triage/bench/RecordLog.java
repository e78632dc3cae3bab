package io.triage.bench;

import java.util.Arrays;

/**
 * One row per routed record, kept for the windows computed after a run: the routing-time confidence, whether
 * there was a prediction and whether it matched the truth, whether the record was automated or sent to a human,
 * and how many labels reached the learner right after it (labels arrive between records).
 */
final class RecordLog {
    private static final byte PREDICTED = 1, CORRECT = 2, AUTOMATED = 4, REQUESTED = 8;

    private double[] confidence = new double[1 << 12];
    private byte[] flags = new byte[1 << 12];
    private int[] applied = new int[1 << 12];
    private int size;

    void add(boolean predicted, double confidence, boolean correct, boolean automated, boolean requested) {
        if (size == flags.length) {
            int n = size * 2;
            this.confidence = Arrays.copyOf(this.confidence, n);
            flags = Arrays.copyOf(flags, n);
            applied = Arrays.copyOf(applied, n);
        }
        this.confidence[size] = confidence;
        flags[size] = (byte) ((predicted ? PREDICTED : 0) | (correct ? CORRECT : 0) | (automated ? AUTOMATED : 0)
                | (requested ? REQUESTED : 0));
        size++;
    }

    /** Labels that reached the learner after the last record added. */
    void addApplied(int labels) {
        applied[size - 1] += labels;
    }

    int size() {
        return size;
    }

    double confidence(int i) {
        return confidence[i];
    }

    boolean predicted(int i) {
        return (flags[i] & PREDICTED) != 0;
    }

    boolean correct(int i) {
        return (flags[i] & CORRECT) != 0;
    }

    boolean automated(int i) {
        return (flags[i] & AUTOMATED) != 0;
    }

    boolean requested(int i) {
        return (flags[i] & REQUESTED) != 0;
    }

    int applied(int i) {
        return applied[i];
    }
}
