package io.triage.model;

import com.google.protobuf.Any;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
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
 * Builds a standard, frozen {@link LinearSGDModel} from an {@link OnlineModel} snapshot.
 * {@code LinearSGDModel}'s constructor is package-private, so we assemble the same
 * {@code ModelProto} its own {@code serialize()} writes and let {@link Model#deserialize} build it.
 * Low-rate path (export, explanations, audit replay): it formats ~KBs of provenance.
 */
final class TribuoExport {

    private static final LabelFactory LABELS = new LabelFactory();

    private TribuoExport() {
    }

    static LinearSGDModel toModel(OnlineModel model, String modelId, long version) {
        return (LinearSGDModel) Model.deserialize(toProto(model, modelId, version));
    }

    static ModelProto toProto(OnlineModel model, String modelId, long version) {
        if (modelId == null || modelId.isEmpty()) {
            throw new IllegalArgumentException("modelId must not be empty");
        }
        DenseMatrix weights = model.weightsOrNull();
        if (weights == null) {
            throw new IllegalStateException("cannot export a model with no classes");
        }
        int d = model.dimension();
        List<String> classes = model.classes();

        ImmutableFeatureMap features = featureMap(d);
        // ImmutableFeatureMap numbers features by sorted name ("f10" before "f2"), so move each
        // weight column to the id Tribuo gives its name. The bias stays the last column (id D).
        DenseMatrix exported = new DenseMatrix(classes.size(), d + 1);
        for (int j = 0; j <= d; j++) {
            int target = j == d ? d : features.getID(featureName(j));
            for (int k = 0; k < classes.size(); k++) {
                exported.set(k, target, weights.get(k, j));
            }
        }

        // Pin label ids to our row order (MutableLabelInfo would assign them in hash order).
        Map<Label, Integer> labelIds = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            labelIds.put(new Label(classes.get(k)), k);
        }
        ImmutableOutputInfo<Label> outputs = LABELS.constructInfoForExternalModel(labelIds);

        ModelProvenance provenance = provenance(model, modelId, version);
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

    private static ImmutableFeatureMap featureMap(int d) {
        MutableFeatureMap map = new MutableFeatureMap();
        for (int j = 0; j < d; j++) {
            map.add(featureName(j), 1.0);
        }
        return new ImmutableFeatureMap(map);
    }

    /** Provenance: an empty dataset over a stream source, the equivalent trainer, and our counters. */
    private static ModelProvenance provenance(OnlineModel model, String modelId, long version) {
        ModelSettings s = model.settings();
        MutableDataset<Label> stream = new MutableDataset<>(new SimpleDataSourceProvenance(
                "online stream of model " + modelId, LABELS), LABELS);
        DatasetProvenance data = stream.getProvenance();
        TrainerProvenance trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(s.learningRate(), s.epsilon()), 1, s.seed()).getProvenance();
        Map<String, Provenance> instance = new HashMap<>();
        instance.put("model-id", new StringProvenance("model-id", modelId));
        instance.put("version", new LongProvenance("version", version));
        instance.put("updates", new LongProvenance("updates", model.updates()));
        instance.put("accumulator-decay", new DoubleProvenance("accumulator-decay", s.accumulatorDecay()));
        instance.put("decay-every", new IntProvenance("decay-every", s.decayEvery()));
        instance.put("weights-digest", new StringProvenance("weights-digest",
                model.scoringWeights().digest()));
        return new ModelProvenance(LinearSGDModel.class.getName(), OffsetDateTime.now(), data, trainer,
                instance);
    }
}
