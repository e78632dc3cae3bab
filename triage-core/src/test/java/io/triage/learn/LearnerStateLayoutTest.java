package io.triage.learn;

import io.triage.export.ExportedVersion;
import io.triage.feature.FeatureSpace;
import io.triage.model.FrozenVersion;
import io.triage.model.WeightChunks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learner's state layout in a plain map store: what a step writes, and that a restore continues bit for bit. */
class LearnerStateLayoutTest {
    /** A store that counts chunk writes. */
    static final class MapStore implements LearnerStore {
        LearnerState state;
        final Map<Integer, double[]> chunks = new TreeMap<>();
        final Map<String, FrozenVersion> frozen = new HashMap<>();
        int chunkWrites;

        @Override public LearnerState state() { return state; }
        @Override public void state(LearnerState s) { state = s; }
        @Override public Iterable<Map.Entry<Integer, double[]>> chunks() { return new ArrayList<>(chunks.entrySet()); }
        @Override public void putChunk(int index, double[] cells) { chunkWrites++; chunks.put(index, cells.clone()); }
        @Override public void clearChunks() { chunks.clear(); }
        @Override public FrozenVersion frozen(String name) { return frozen.get(name); }
        @Override public void putFrozen(String name, FrozenVersion v) { frozen.put(name, v); }
        @Override public void removeFrozen(String name) { frozen.remove(name); }
    }

    private static List<LearnerCoreTest.Step> run(LearnerCore core, LearnerStore store, LearnerCoreTest.Stream stream,
                                                  int n) throws Exception {
        List<LearnerCoreTest.Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LearnerCoreTest.Step s = LearnerCoreTest.step(core, stream.next(), i);
            if (s.outcome() != null) LearnerStateLayout.afterStep(core, s.outcome(), store);
            steps.add(s);
        }
        return steps;
    }

    @Test
    void aRestoredCoreContinuesAsTheOriginal() throws Exception {
        MapStore store = new MapStore();
        LearnerCore original = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        assertNotNull(store.state, "a new model's state is written at once");
        run(original, store, new LearnerCoreTest.Stream(3), 3000);
        assertEquals(0, store.state.weights().weights().length, "the cells are not inline");
        assertTrue(store.state.weightChunk() == WeightChunks.SIZE);

        LearnerCore restored = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        assertEquals(original.weightsDigest(), restored.weightsDigest());
        assertEquals(original.version(), restored.version());
        assertEquals(original.serving() == null, restored.serving() == null, "the frozen versions come back");
        // the same future: identical routing and versions on the same continuation
        List<LearnerCoreTest.Step> a = run(original, new MapStore(), new LearnerCoreTest.Stream(4), 500);
        List<LearnerCoreTest.Step> b = run(restored, new MapStore(), new LearnerCoreTest.Stream(4), 500);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).routing().route(), b.get(i).routing().route(), "route at " + i);
            assertEquals(a.get(i).routing().confidence(), b.get(i).routing().confidence(), 0.0, "confidence at " + i);
        }
        assertEquals(original.weightsDigest(), restored.weightsDigest());
    }

    @Test
    void aStepRewritesOnlyTheChunksItTouched() throws Exception {
        MapStore store = new MapStore();
        LearnerCore core = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        int all = store.chunks.size();
        store.chunkWrites = 0;
        LearnerCoreTest.Step s;
        LearnerCoreTest.Stream stream = new LearnerCoreTest.Stream(5);
        do s = LearnerCoreTest.step(core, stream.next(), 0); while (s.outcome() == null);
        LearnerStateLayout.afterStep(core, s.outcome(), store);
        int touched = WeightChunks.touched(s.outcome().changedCells()).length;
        assertEquals(touched, store.chunkWrites);
        assertTrue(touched <= all);
    }

    @Test
    void inlineStateOfAnOlderBuildMovesIntoChunks() throws Exception {
        LearnerCore original = new LearnerCore(LearnerCoreTest.spec(), new FeatureSpace(LearnerCoreTest.spec()));
        run(original, new MapStore(), new LearnerCoreTest.Stream(6), 800);
        MapStore store = new MapStore();
        store.state = original.state(); // cells inline, weightChunk 0: the layout before chunks
        assertEquals(0, store.state.weightChunk());
        LearnerCore restored = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        assertEquals(original.weightsDigest(), restored.weightsDigest());
        assertEquals(WeightChunks.SIZE, store.state.weightChunk(), "rewritten in chunks");
        assertTrue(store.chunks.size() > 0);
        double[] w = restored.model().scoringWeights().weights();
        assertArrayEquals(original.model().scoringWeights().weights(), w, 0.0);
    }

    @Test
    void chunksOfAnotherSizeAreRefused() throws Exception {
        MapStore store = new MapStore();
        LearnerCore core = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        store.state = core.stateWithoutCells(WeightChunks.SIZE * 2);
        assertThrows(IllegalStateException.class, () -> LearnerStateLayout.restore(LearnerCoreTest.spec(), store));
    }

    @Test
    void anExportReadsTheFrozenServingVersionOrTheLearningModel() throws Exception {
        MapStore store = new MapStore();
        LearnerCore core = LearnerStateLayout.restore(LearnerCoreTest.spec(), store);
        run(core, store, new LearnerCoreTest.Stream(3), 3000);
        FrozenVersion serving = core.serving();
        assertNotNull(serving, "a version was certified and serves");
        assertTrue(serving.version() < core.version());

        ExportedVersion s = ExportedVersion.read(store, ExportedVersion.SERVING);
        assertTrue(s.frozen());
        assertEquals(serving.version(), s.version());
        assertEquals(serving.weights().digest(), s.weights().digest());
        assertArrayEquals(serving.scaleMean(), s.scaleMean(), 0.0);

        ExportedVersion l = ExportedVersion.read(store, ExportedVersion.LEARNING);
        assertEquals(false, l.frozen());
        assertEquals(core.version(), l.version());
        assertEquals(core.weightsDigest(), l.weights().digest(), "the digest the models log names");
    }
}
