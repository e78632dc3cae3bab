package io.triage.export;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.feature.FeatureSpace;
import io.triage.model.ModelSettings;
import io.triage.model.ScoringWeights;
import io.triage.model.TribuoExport;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/** Writes an {@link ExportedVersion} as a standard model file and its feature spec, the scaler folded in. */
public final class ModelExport {
    /** The ONNX domain of exported models. */
    public static final String ONNX_DOMAIN = "io.triage";

    public enum Format {
        TRIBUO("tribuo"), ONNX("onnx");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** The files written. */
    public record Written(Path model, Path featureSpec) {}

    private ModelExport() {}

    /** The Tribuo model of a version: raw feature values in (see {@link ScalerFolding}), probabilities out. */
    public static LinearSGDModel tribuo(ModelSpec spec, ExportedVersion v) {
        FeatureSpace space = new FeatureSpace(spec);
        if (space.dimension() != v.weights().dimension() || space.numericCount() != v.scaleMean().length) {
            throw new IllegalArgumentException("the spec's features of model " + spec.id() + " make dimension "
                    + space.dimension() + " with " + space.numericCount() + " numeric, the state has "
                    + v.weights().dimension() + " with " + v.scaleMean().length + ": not the spec the job ran");
        }
        ScoringWeights folded = ScalerFolding.fold(v.weights(), v.scaleMean(), v.scaleStd());
        LearningSpec l = spec.learning();
        ModelSettings settings = new ModelSettings(space.dimension(), l.learningRate(), l.epsilon(),
                l.accumulatorDecay(), l.decayEvery(), l.seed());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", v.version());
        facts.put("selected", v.selected());
        facts.put("frozen", v.frozen());
        facts.put("labels-applied", v.labelsApplied());
        facts.put("weights-digest", v.weights().digest());
        facts.put("scaler-folded", true);
        facts.put("hash-bits", l.hashBits());
        return TribuoExport.linear(folded, FeatureNames.of(space), v.model(), settings, facts);
    }

    /** Writes {@code <model>.<format>} and {@code <model>.<format>.feature-spec.json} into {@code dir}. */
    public static Written write(ModelSpec spec, ExportedVersion v, Format format, Path dir) throws IOException {
        if (!v.model().matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model id " + v.model() + " does not make a file name");
        }
        Files.createDirectories(dir);
        LinearSGDModel model = tribuo(spec, v);
        Path file = dir.resolve(v.model() + "." + format.extension());
        String[] inputs = new String[model.getFeatureIDMap().size()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = model.getFeatureIDMap().get(i).getName();
        ObjectNode featureSpec = FeatureSpecJson.of(spec, v, format.name().toLowerCase(Locale.ROOT),
                file.getFileName().toString(), inputs);
        if (format == Format.TRIBUO) {
            model.serializeToFile(file); // Tribuo's protobuf format: Model.deserializeFromFile reads it
        } else {
            OnnxMl.ModelProto onnx = model.exportONNXModel(ONNX_DOMAIN, v.version());
            Files.write(file, onnx.toByteArray());
            featureSpec.putObject("onnx").put("input", onnx.getGraph().getInput(0).getName())
                    .put("output", onnx.getGraph().getOutput(0).getName())
                    .put("inputType", "float32 [batch, inputs], zeros for absent features");
        }
        // one per model file, so that a Tribuo and an ONNX export can share a directory
        Path specFile = dir.resolve(file.getFileName() + ".feature-spec.json");
        Files.writeString(specFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(featureSpec));
        return new Written(file, specFile);
    }
}
