package io.triage.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.OnlineScaler;
import io.triage.spec.ModelSpec;
import java.util.Locale;

/**
 * The feature spec written beside an exported model: everything a consumer needs to turn a record into the
 * model's inputs as the job does (hashing, tokenizer, the spec's feature definitions, the numeric ranges that
 * replace the folded scaler), which columns the model reads, its classes, and which version it is.
 */
public final class FeatureSpecJson {
    public static final String FORMAT = "triage-feature-spec/1";

    private FeatureSpecJson() {}

    /**
     * @param inputs the model's feature names in its column order (Tribuo feature ids, ONNX input columns)
     * @param file   the model file it describes
     */
    public static ObjectNode of(ModelSpec spec, ExportedVersion v, String format, String file, String[] inputs) {
        FeatureSpace space = new FeatureSpace(spec);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", v.model());
        root.put("version", v.version());
        root.put("selected", v.selected());
        root.put("frozen", v.frozen());
        // the digest of the weights as published (before folding the scaler): the models log's weightsDigest
        root.put("weightsDigest", v.weights().digest());
        root.put("labelsApplied", v.labelsApplied());
        root.put("modelFormat", format);
        root.put("modelFile", file);
        ArrayNode classes = root.putArray("classes");
        for (String c : v.weights().classes()) classes.add(c);

        ObjectNode features = root.putObject("features");
        spec.features().forEach((field, type) -> features.put(field, type.name().toLowerCase(Locale.ROOT)));

        ObjectNode hashing = root.putObject("hashing");
        hashing.put("function", "murmur3_x86_32");
        hashing.put("seed", FeatureSpace.SEED);
        hashing.put("bits", spec.learning().hashBits());
        hashing.put("buckets", space.buckets());
        hashing.put("bucket", "floorMod(murmur3_x86_32(utf8(key), seed), buckets), feature h<bucket>");
        ObjectNode keys = hashing.putObject("keys");
        keys.put("categorical", "<field>=<value>, value 1");
        keys.put("text", "<field>~<token>, value 1/sqrt(tokens), summed for repeated tokens");
        keys.put("undeclaredString", "<field>=<value>, value 1");
        keys.put("undeclaredNumber", "<field>#, value signum(x)*log1p(|x|)");
        keys.put("numberInDeclaredCategoricalOrText", "its text: an integral value without decimals, else Java's Double.toString");
        hashing.put("booleans", "1 or 0, then as a number");

        ObjectNode tokenizer = root.putObject("tokenizer");
        tokenizer.put("lowercase", true);
        tokenizer.put("separators", FeatureExtractor.TOKEN_SEPARATORS);
        tokenizer.put("maxTokens", FeatureExtractor.MAX_TOKENS);

        // the scaler is folded into the weights: raw values go in, clipped to the range the Scorer clips to
        root.put("scalerFolded", true);
        ArrayNode numeric = root.putArray("numeric");
        String[] fields = space.numericFields();
        for (int j = 0; j < fields.length; j++) {
            double m = v.scaleMean()[j];
            double s = v.scaleStd()[j];
            numeric.addObject().put("field", fields[j]).put("feature", FeatureNames.numeric(fields[j]))
                    .put("mean", m).put("std", s)
                    .put("min", m - OnlineScaler.CLIP * s).put("max", m + OnlineScaler.CLIP * s)
                    .put("missing", "use the mean");
        }
        ArrayNode columns = root.putArray("inputs");
        for (String n : inputs) columns.add(n);
        return root;
    }
}
