package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

class TribuoExportTest {

    // D = 12 so that names sort differently from indices ("f10" < "f2").
    private static final int D = 12;

    private static double[] tribuoProba(Model<Label> model, OnlineModel online, int[] idx, double[] val) {
        String[] names = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            names[i] = "f" + idx[i];
        }
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, val);
        Prediction<Label> p = model.predict(example);
        Map<String, Label> scores = p.getOutputScores();
        double[] out = new double[online.classes().size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = scores.get(online.classes().get(k)).getScore();
        }
        return out;
    }

    @Test
    void exportedModelPredictsLikeTheOnlineModel() throws Exception {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(D));
        SyntheticStream stream = new SyntheticStream(17, D, 4, "low", "mid", "high");
        for (int i = 0; i < 2000; i++) {
            SyntheticStream.Example e = stream.next();
            m.learn(e.label(), e.indices(), e.values(), 1.0);
        }
        LinearSGDModel exported = m.exportTribuo("triage-test", 7);
        assertEquals(D, exported.getFeatureIDMap().size());
        assertEquals(3, exported.getOutputIDInfo().size());
        assertTrue(exported.generatesProbabilities());
        assertEquals("triage-test", exported.getName());
        String instance = exported.getProvenance().getInstanceProvenance().toString();
        assertTrue(instance.contains("updates") && instance.contains("2000"), instance);

        @SuppressWarnings("unchecked")
        Model<Label> fromBytes = (Model<Label>) Model.deserialize(
                ModelProto.parseFrom(m.exportProtobuf("triage-test", 7)));
        for (int t = 0; t < 200; t++) {
            SyntheticStream.Example e = stream.next();
            double[] expected = m.predictProba(e.indices(), e.values());
            assertArrayEquals(expected, tribuoProba(exported, m, e.indices(), e.values()), 1e-12);
            assertArrayEquals(expected, tribuoProba(fromBytes, m, e.indices(), e.values()), 1e-12);
        }
    }

    @Test
    void emptyModelCannotBeExported() {
        OnlineModel m = new OnlineModel(ModelSettings.defaults(D));
        assertThrows(IllegalStateException.class, () -> m.exportTribuo("x", 1));
    }
}
