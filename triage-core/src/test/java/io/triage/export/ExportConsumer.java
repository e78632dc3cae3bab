package io.triage.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.feature.SparseVector;
import java.util.HashMap;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * What a consumer of an export does with the feature spec: the job's raw feature vector (hashed indices and raw
 * values) becomes named model inputs, numeric values clipped to the spec's range and missing ones set to its
 * mean. Names come from the spec's {@code inputs}; the numeric ranges from its {@code numeric} list.
 */
public final class ExportConsumer {
    private final String[] names; // by feature-space index
    private final JsonNode numeric;
    private final Map<String, Integer> column = new HashMap<>();
    private final String[] classes;

    public ExportConsumer(JsonNode featureSpec, String[] namesByIndex) {
        this.names = namesByIndex;
        this.numeric = featureSpec.path("numeric");
        JsonNode inputs = featureSpec.path("inputs");
        for (int i = 0; i < inputs.size(); i++) column.put(inputs.get(i).asText(), i);
        classes = new String[featureSpec.path("classes").size()];
        for (int k = 0; k < classes.length; k++) classes[k] = featureSpec.path("classes").get(k).asText();
    }

    /** Named raw inputs of one record: numeric ones clipped or imputed, hashed ones as the job made them. */
    public Map<String, Double> inputs(SparseVector x) {
        Map<String, Double> in = new HashMap<>();
        for (int i = 0; i < x.indices().length; i++) in.put(names[x.indices()[i]], x.values()[i]);
        for (JsonNode n : numeric) {
            String f = n.path("feature").asText();
            Double v = in.get(f);
            in.put(f, v == null ? n.path("mean").asDouble()
                    : Math.max(n.path("min").asDouble(), Math.min(n.path("max").asDouble(), v)));
        }
        return in;
    }

    /** Class probabilities in the spec's class order, from the exported Tribuo model. */
    public double[] tribuo(Model<Label> model, SparseVector x) {
        Map<String, Double> in = inputs(x);
        ArrayExample<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL);
        in.forEach(ex::add);
        Prediction<Label> p = model.predict(ex);
        double[] out = new double[classes.length];
        for (int k = 0; k < classes.length; k++) out[k] = p.getOutputScores().get(classes[k]).getScore();
        return out;
    }

    /** One dense float row of the ONNX input. */
    public float[] dense(SparseVector x) {
        float[] row = new float[column.size()];
        inputs(x).forEach((name, v) -> row[column.get(name)] = (float) (double) v);
        return row;
    }

    public String[] classes() {
        return classes.clone();
    }
}
