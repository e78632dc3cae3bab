package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStateTest {

    /** Field-by-field binary round trip, as a state serializer would do it. */
    private static ModelState roundTrip(ModelState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(s.classes().length);
            for (String c : s.classes()) {
                out.writeUTF(c);
            }
            out.writeInt(s.dimension());
            out.writeInt(s.weights().length);
            for (double w : s.weights()) {
                out.writeDouble(w);
            }
            out.writeInt(s.accumulators().length);
            for (double a : s.accumulators()) {
                out.writeDouble(a);
            }
            out.writeLong(s.updates());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            String[] classes = new String[in.readInt()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = in.readUTF();
            }
            int dimension = in.readInt();
            double[] weights = new double[in.readInt()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.readDouble();
            }
            double[] acc = new double[in.readInt()];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = in.readDouble();
            }
            return new ModelState(classes, dimension, weights, acc, in.readLong());
        }
    }

    @Test
    void restoreIsBitIdentical() throws IOException {
        // Decay every 700 updates so periodic decays fall both before and after the snapshot.
        ModelSettings settings = new ModelSettings(15, 0.1, 0.1, 0.9, 700, 1);
        OnlineModel original = new OnlineModel(settings);
        SyntheticStream stream = new SyntheticStream(3, 15, 4, "a", "b", "c");
        for (int i = 0; i < 2500; i++) {
            SyntheticStream.Example e = stream.next();
            original.learn(e.label(), e.indices(), e.values(), 1.0 + (i % 3) * 0.5);
        }
        ModelState snapshot = original.state();
        OnlineModel restored = OnlineModel.restore(settings, roundTrip(snapshot));
        assertEquals(snapshot, restored.state());
        assertEquals(original.classes(), restored.classes());
        assertEquals(original.updates(), restored.updates());

        List<Double> lossesA = new ArrayList<>();
        List<Double> lossesB = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            SyntheticStream.Example e = stream.next();
            String label = i == 1000 ? "late" : e.label(); // a class added after the restore too
            lossesA.add(original.learn(label, e.indices(), e.values(), 1.0));
            lossesB.add(restored.learn(label, e.indices(), e.values(), 1.0));
        }
        assertEquals(lossesA, lossesB); // Double.equals compares bits
        assertEquals(original.state(), restored.state());
        int[] idx = {1, 7, 14};
        double[] val = {0.3, -1.2, 2.0};
        assertArrayEquals(original.predictProba(idx, val), restored.predictProba(idx, val), 0.0);
    }

    @Test
    void stateIsACopy() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(3));
        m.learn("a", new int[] {0}, new double[] {1}, 1);
        ModelState s = m.state();
        double before = s.weights()[0];
        s.weights()[0] = 42;
        assertNotSame(s.weights(), m.state().weights());
        assertEquals(before, m.state().weights()[0]);
    }

    @Test
    void emptyModelRoundTrips() {
        ModelSettings settings = ModelSettings.defaults(3);
        ModelState s = new OnlineModel(settings).state();
        assertEquals(0, s.classes().length);
        OnlineModel r = OnlineModel.restore(settings, s);
        assertEquals(0, r.classes().size());
        assertEquals(0, r.predictProba(new int[] {0}, new double[] {1}).length);
    }

    @Test
    void inconsistentStateRejected() {
        ModelSettings settings = ModelSettings.defaults(3);
        assertThrows(IllegalArgumentException.class, () -> OnlineModel.restore(settings,
                new ModelState(new String[] {"a"}, 4, new double[5], new double[5], 0)));
        assertThrows(IllegalArgumentException.class, () -> OnlineModel.restore(settings,
                new ModelState(new String[] {"a"}, 3, new double[3], new double[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> OnlineModel.restore(settings,
                new ModelState(new String[] {"a", "a"}, 3, new double[8], new double[8], 0)));
    }
}
