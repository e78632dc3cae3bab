package io.triage.local;

/** A synthetic stream whose concept changes at known record positions (0-based index of the first record of each new concept). */
public interface DriftingStream extends RecordStream {
    long[] changePoints();

    /** Change points of a stream of {@code limit} records whose concept changes every {@code block} records. */
    static long[] everyBlock(long limit, long block) {
        int n = (int) Math.max(0, (limit - 1) / block);
        long[] c = new long[n];
        for (int i = 0; i < n; i++) c[i] = (i + 1) * block;
        return c;
    }
}
