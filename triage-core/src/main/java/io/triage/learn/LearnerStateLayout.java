package io.triage.learn;

import io.triage.feature.FeatureSpace;
import io.triage.model.FrozenVersion;
import io.triage.model.ModelState;
import io.triage.model.OnlineModel;
import io.triage.model.WeightChunks;
import io.triage.spec.ModelSpec;

/**
 * How a model's learner state is laid out in a {@link LearnerStore}, written after every label so that a
 * checkpoint always holds it whole:
 * <ul>
 *   <li>the core's {@link LearnerState} without the model cells;</li>
 *   <li>the cells (weights and AdaGrad accumulators) in {@link WeightChunks} of {@link WeightChunks#SIZE}, of
 *       which a label rewrites only those its example touched — rewriting the whole model per label (megabytes
 *       at 2^16 hashed features) filled RocksDB's memtable, which every checkpoint then flushed while labels
 *       waited;</li>
 *   <li>the policy's frozen versions (serving, challenger), written only when one changes: they are whole
 *       models and change every few hundred labels.</li>
 * </ul>
 * State written by builds that kept the cells inline ({@code weightChunk == 0}) moves into chunks when it is
 * first restored.
 */
public final class LearnerStateLayout {
    static final String SERVING = "serving";
    static final String CHALLENGER = "challenger";

    private LearnerStateLayout() {}

    /** The model's core from the store (a fresh one without state), the store rewritten in this layout if need be. */
    public static LearnerCore restore(ModelSpec m, LearnerStore store) throws Exception {
        FeatureSpace space = new FeatureSpace(m);
        LearnerState s = store.state();
        if (s == null || s.weightChunk() == 0) { // a new model, or an older build's layout: write every chunk
            LearnerCore core = s == null ? new LearnerCore(m, space) : LearnerCore.restore(m, space, s);
            store(core, null, store);
            storeFrozen(core, store);
            return core;
        }
        return LearnerCore.restore(m, space, readWhole(store), store.frozen(SERVING), store.frozen(CHALLENGER));
    }

    /** The stored state with every cell inline, read without restoring a core (null: the model has no state). */
    public static LearnerState readWhole(LearnerStore store) throws Exception {
        LearnerState s = store.state();
        if (s == null || s.weightChunk() == 0) return s;
        if (s.weightChunk() != WeightChunks.SIZE) {
            throw new IllegalStateException("learner state of " + s.model() + " has chunks of " + s.weightChunk()
                    + " cells, this build reads " + WeightChunks.SIZE);
        }
        ModelState shape = s.weights();
        return s.withCells(WeightChunks.assemble(shape.classes(), shape.dimension(), shape.updates(), store.chunks()));
    }

    /** The stored frozen version that serves (null: the learning model serves). */
    public static FrozenVersion readServing(LearnerStore store) throws Exception {
        return store.frozen(SERVING);
    }

    /** After a step: the state, the chunks the step changed (all of them when {@code changedCells} is null), the frozen versions if they changed. */
    public static void afterStep(LearnerCore core, LearningOutcome o, LearnerStore store) throws Exception {
        store(core, o.changedCells(), store);
        if (o.frozenChanged()) storeFrozen(core, store);
    }

    private static void store(LearnerCore core, int[] changedCells, LearnerStore store) throws Exception {
        OnlineModel model = core.model();
        if (changedCells == null) {
            store.clearChunks();
            int n = WeightChunks.count(model.classes().size() * (model.dimension() + 1));
            for (int c = 0; c < n; c++) store.putChunk(c, WeightChunks.read(model, c));
        } else {
            for (int c : WeightChunks.touched(changedCells)) store.putChunk(c, WeightChunks.read(model, c));
        }
        store.state(core.stateWithoutCells(WeightChunks.SIZE));
    }

    private static void storeFrozen(LearnerCore core, LearnerStore store) throws Exception {
        putOrRemove(store, SERVING, core.serving());
        putOrRemove(store, CHALLENGER, core.challenger());
    }

    private static void putOrRemove(LearnerStore store, String name, FrozenVersion v) throws Exception {
        if (v == null) store.removeFrozen(name);
        else store.putFrozen(name, v);
    }
}
