package io.triage.local;

import java.util.Iterator;

/** A named source of labeled input records; close releases files it may hold. */
public interface RecordStream extends Iterator<LabeledRecord>, AutoCloseable {

    /** The model name the records are for (the {@code model} field of their JSON). */
    String name();

    /** Input lines this stream left out, by reason (none for generated streams). */
    default SkippedLines skippedLines() {
        return new SkippedLines();
    }

    @Override
    default void close() {
    }
}
