package io.triage.learn;

import io.triage.model.FrozenVersion;

import java.util.Map;

/**
 * Where one model's learner state lives (in the job: the Learner operator's keyed state): its state without the
 * model cells, the cells in numbered chunks, and the policy's frozen versions by name. {@link LearnerStateLayout}
 * decides what goes where.
 */
public interface LearnerStore {
    /** Null for a model without state. */
    LearnerState state() throws Exception;

    void state(LearnerState s) throws Exception;

    Iterable<Map.Entry<Integer, double[]>> chunks() throws Exception;

    void putChunk(int index, double[] cells) throws Exception;

    void clearChunks() throws Exception;

    /** Null when none is stored under {@code name}. */
    FrozenVersion frozen(String name) throws Exception;

    void putFrozen(String name, FrozenVersion v) throws Exception;

    void removeFrozen(String name) throws Exception;
}
