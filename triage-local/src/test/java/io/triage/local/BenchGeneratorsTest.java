package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's synthetic streams: determinism per seed, class shares, noise, change points. */
class BenchGeneratorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyGeneratorIsDeterministicBySeed() {
        List<LongFunction<RecordStream>> all = List.of(
                s -> new SeaGenerator(s, 2000, 0.0), s -> new HyperplaneGenerator(s, 2000, 0.0),
                s -> new RbfDriftGenerator(s, 2000), s -> new PriorShiftGenerator(s, 2000));
        for (LongFunction<RecordStream> g : all) {
            assertEquals(take(g.apply(3)), take(g.apply(3)));
            assertNotEquals(take(g.apply(3)), take(g.apply(4)));
        }
    }

    @Test
    void noiseFreeSeaFollowsItsConceptExactlyAndNoiseFlipsAboutItsShare() throws Exception {
        SeaGenerator clean = new SeaGenerator(5, 40_000, 0.0);
        SeaGenerator noisy = new SeaGenerator(5, 40_000);
        int flipped = 0;
        for (int i = 0; clean.hasNext(); i++) {
            LabeledRecord c = clean.next();
            LabeledRecord n = noisy.next();
            assertEquals(c.json(), n.json(), "noise changes labels only");
            JsonNode f = MAPPER.readTree(c.json()).get("features");
            boolean pos = f.get("f1").asDouble() + f.get("f2").asDouble() <= clean.theta(i);
            assertEquals(pos ? "pos" : "neg", c.truth());
            if (!c.truth().equals(n.truth())) flipped++;
        }
        assertEquals(0.10, flipped / 40_000.0, 0.01);
        assertArrayEquals(new long[] {10_000, 20_000, 30_000}, clean.changePoints());
    }

    @Test
    void noiseFreeHyperplaneDiffersFromTheNoisyOneByItsNoiseShare() {
        HyperplaneGenerator clean = new HyperplaneGenerator(2, 40_000, 0.0);
        HyperplaneGenerator noisy = new HyperplaneGenerator(2, 40_000);
        int flipped = 0;
        while (clean.hasNext()) {
            LabeledRecord c = clean.next();
            LabeledRecord n = noisy.next();
            assertEquals(c.json(), n.json());
            if (!c.truth().equals(n.truth())) flipped++;
        }
        assertEquals(0.05, flipped / 40_000.0, 0.01);
        assertArrayEquals(new long[] {10_000, 20_000, 30_000}, clean.changePoints());
    }

    @Test
    void priorShiftOpensWithOneClassThenMixes() {
        PriorShiftGenerator g = new PriorShiftGenerator(1, 20_300);
        assertArrayEquals(new long[] {300}, g.changePoints());
        for (int i = 0; i < 300; i++) assertEquals("a", g.next().truth());
        int a = 0;
        for (int i = 0; i < 20_000; i++) if (g.next().truth().equals("a")) a++;
        assertEquals(0.5, a / 20_000.0, 0.02);
        PriorShiftGenerator seventy = new PriorShiftGenerator(1, 10_000, 500, 0.7, 4, 0.8);
        int b = 0;
        for (int i = 0; i < 10_000; i++) if (seventy.next().truth().equals("b") && i >= 500) b++;
        assertEquals(0.3, b / 9_500.0, 0.02);
    }

    @Test
    void rbfUsesEveryClassAndItsCentroidsMove() throws Exception {
        RbfDriftGenerator moving = new RbfDriftGenerator(9, 30_000);
        RbfDriftGenerator still = new RbfDriftGenerator(9, 30_000, 50, 10, 2, 50, 0.0);
        assertEquals(0, moving.changePoints().length);
        int c0 = 0;
        double drift = 0;
        for (int i = 0; i < 30_000; i++) {
            LabeledRecord m = moving.next();
            LabeledRecord s = still.next();
            if (m.truth().equals(RbfDriftGenerator.className(0))) c0++;
            assertEquals(s.truth(), m.truth(), "same seed: same centroid picks");
            JsonNode fm = MAPPER.readTree(m.json()).get("features");
            JsonNode fs = MAPPER.readTree(s.json()).get("features");
            if (i == 29_999) drift = Math.abs(fm.get("x0").asDouble() - fs.get("x0").asDouble());
            assertEquals(10, fm.size());
        }
        assertTrue(c0 > 3000 && c0 < 27_000, "both classes occur: " + c0);
        assertTrue(drift > 1e-3, "the centroids moved: " + drift);
    }

    private static List<String> take(RecordStream s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 500 && s.hasNext(); i++) {
            LabeledRecord r = s.next();
            out.add(r.json() + r.truth());
        }
        return out;
    }
}
