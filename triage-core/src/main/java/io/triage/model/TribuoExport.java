package io.triage.model;

import com.google.protobuf.Any;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.MutableFeatureMap;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.sgd.protos.ClassificationLinearSGDProto;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.util.ExpNormalizer;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Builds a standard, frozen {@link LinearSGDModel} from weights in our layout (K x (D+1), bias last).
 * {@code LinearSGDModel}'s constructor is package-private, so we assemble the same
 * {@code ModelProto} its own {@code serialize()} writes and let {@link Model#deserialize} build it.
 * Low-rate path (export, explanations, audit replay): it formats ~KBs of provenance.
 */
public final class TribuoExport {

    private static final LabelFactory LABELS = new LabelFactory();

    private TribuoExport() {
    }

    static LinearSGDModel toModel(OnlineModel model, String modelId, long version) {
        return (LinearSGDModel) Model.deserialize(toProto(model, modelId, version));
    }

    static ModelProto toProto(OnlineModel model, String modelId, long version) {
        if (model.weightsOrNull() == null) {
            throw new IllegalStateException("cannot export a model with no classes");
        }
        String[] names = new String[model.dimension()];
        for (int j = 0; j < names.length; j++) names[j] = featureName(j);
        ScoringWeights w = model.scoringWeights();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", version);
        facts.put("updates", model.updates());
        facts.put("weights-digest", w.digest());
        return toProto(w, names, modelId, model.settings(), facts);
    }

    /**
     * A Tribuo model of {@code weights}, feature {@code j} named {@code featureNames[j]}.
     *
     * @param facts extra instance provenance (String, Long, Integer, Double or Boolean values)
     */
    public static LinearSGDModel linear(ScoringWeights weights, String[] featureNames, String modelId,
                                        ModelSettings settings, Map<String, Object> facts) {
        return (LinearSGDModel) Model.deserialize(toProto(weights, featureNames, modelId, settings, facts));
    }

    static ModelProto toProto(ScoringWeights weights, String[] featureNames, String modelId, ModelSettings settings,
                              Map<String, Object> facts) {
        if (modelId == null || modelId.isEmpty()) {
            throw new IllegalArgumentException("modelId must not be empty");
        }
        String[] classes = weights.classes();
        if (classes.length == 0) {
            throw new IllegalStateException("cannot export a model with no classes");
        }
        int d = weights.dimension();
        if (featureNames.length != d) {
            throw new IllegalArgumentException(featureNames.length + " feature names for dimension " + d);
        }
        double[] w = weights.weights();
        ImmutableFeatureMap features = featureMap(featureNames);
        if (features.size() != d) throw new IllegalArgumentException("feature names are not unique");
        // ImmutableFeatureMap numbers features by sorted name ("f10" before "f2"), so move each
        // weight column to the id Tribuo gives its name. The bias stays the last column (id D).
        DenseMatrix exported = new DenseMatrix(classes.length, d + 1);
        for (int j = 0; j <= d; j++) {
            int target = j == d ? d : features.getID(featureNames[j]);
            for (int k = 0; k < classes.length; k++) {
                exported.set(k, target, w[k * (d + 1) + j]);
            }
        }

        // Pin label ids to our row order (MutableLabelInfo would assign them in hash order).
        Map<Label, Integer> labelIds = new HashMap<>();
        for (int k = 0; k < classes.length; k++) {
            labelIds.put(new Label(classes[k]), k);
        }
        ImmutableOutputInfo<Label> outputs = LABELS.constructInfoForExternalModel(labelIds);

        ModelProvenance provenance = provenance(modelId, settings, facts);
        ModelDataCarrier<Label> carrier = new ModelDataCarrier<>(modelId, provenance, features,
                outputs, true, Tribuo.VERSION);
        ClassificationLinearSGDProto data = ClassificationLinearSGDProto.newBuilder()
                .setMetadata(carrier.serialize())
                .setParams(new LinearParameters(exported).serialize())
                .setNormalizer(new ExpNormalizer().serialize()) // LogMulticlass's normalizer
                .build();
        return ModelProto.newBuilder()
                .setVersion(LinearSGDModel.CURRENT_VERSION)
                .setClassName(LinearSGDModel.class.getName())
                .setSerializedData(Any.pack(data))
                .build();
    }

    static String featureName(int j) {
        return "f" + j;
    }

    private static ImmutableFeatureMap featureMap(String[] names) {
        MutableFeatureMap map = new MutableFeatureMap();
        for (String n : names) {
            map.add(n, 1.0);
        }
        return new ImmutableFeatureMap(map);
    }

    /** Provenance: an empty dataset over a stream source, the equivalent trainer, and our facts. */
    private static ModelProvenance provenance(String modelId, ModelSettings s, Map<String, Object> facts) {
        MutableDataset<Label> stream = new MutableDataset<>(new SimpleDataSourceProvenance(
                "online stream of model " + modelId, LABELS), LABELS);
        DatasetProvenance data = stream.getProvenance();
        TrainerProvenance trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(s.learningRate(), s.epsilon()), 1, s.seed()).getProvenance();
        Map<String, Provenance> instance = new HashMap<>();
        instance.put("model-id", new StringProvenance("model-id", modelId));
        instance.put("accumulator-decay", new DoubleProvenance("accumulator-decay", s.accumulatorDecay()));
        instance.put("decay-every", new IntProvenance("decay-every", s.decayEvery()));
        facts.forEach((k, v) -> instance.put(k, primitive(k, v)));
        return new ModelProvenance(LinearSGDModel.class.getName(), OffsetDateTime.now(), data, trainer,
                instance);
    }

    private static Provenance primitive(String key, Object v) {
        if (v instanceof Long l) return new LongProvenance(key, l);
        if (v instanceof Integer i) return new IntProvenance(key, i);
        if (v instanceof Double d) return new DoubleProvenance(key, d);
        if (v instanceof Boolean b) return new BooleanProvenance(key, b);
        return new StringProvenance(key, String.valueOf(v));
    }
}
