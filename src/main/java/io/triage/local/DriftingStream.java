package io.triage.local;

/** A synthetic stream whose concept changes at known record positions (0-based index of the first record of each new concept). */
public interface DriftingStream extends RecordStream {
    long[] changePoints();
}
