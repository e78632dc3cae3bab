package io.triage.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.model.FrozenVersion;
import io.triage.model.ScoringWeights;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.util.MurmurHash3;

/** The exported Tribuo model (scaler folded in) predicts what the version itself predicts, given the feature spec. */
class ModelExportTest {
    private static final ModelSpec SPEC = spec();

    private static ModelSpec spec() {
        JobSpec j = SpecLoader.parse("""
                name: export
                models:
                  - id: m
                    classes: [a, b, c]
                    features: {amount: numeric, hour: numeric, country: categorical, memo: text}
                    learning: {hashBits: 6}
                """);
        return j.model("m").orElseThrow();
    }

    private static ExportedVersion version(long seed) {
        FeatureSpace space = new FeatureSpace(SPEC);
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[3 * (space.dimension() + 1)];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
        return new ExportedVersion("m", 42, ExportedVersion.SERVING, true,
                new ScoringWeights(new String[] {"a", "b", "c"}, space.dimension(), w),
                new double[] {120.0, 11.5}, new double[] {80.0, 6.0}, 99);
    }

    @Test
    void theTribuoModelScoresLikeTheVersion(@TempDir Path dir) throws Exception {
        ExportedVersion v = version(3);
        ModelExport.Written files = ModelExport.write(SPEC, v, ModelExport.Format.TRIBUO, dir);
        JsonNode fs = Json.MAPPER.readTree(Files.readString(files.featureSpec()));
        assertEquals(v.weights().digest(), fs.path("weightsDigest").asText());
        assertEquals(42, fs.path("version").asLong());
        assertEquals(FeatureSpace.SEED, fs.path("hashing").path("seed").asInt());
        assertEquals(64, fs.path("hashing").path("buckets").asInt());
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) Model.deserializeFromFile(files.model());
        assertTrue(model.getProvenance().getInstanceProvenance().toString().contains(v.weights().digest()));

        FeatureSpace space = new FeatureSpace(SPEC);
        // a consumer's own hashing of a key, from the spec's seed and buckets, lands where the job's does
        byte[] key = "country=FR".getBytes(StandardCharsets.UTF_8);
        int bucket = Math.floorMod(MurmurHash3.murmurhash3_x86_32(key, 0, key.length, fs.path("hashing").path("seed").asInt()),
                fs.path("hashing").path("buckets").asInt());
        assertEquals(space.numericCount() + bucket, space.hashed("country=FR"));

        ExportConsumer consumer = new ExportConsumer(fs, FeatureNames.of(space));
        FeatureExtractor fx = new FeatureExtractor(space);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> rec = new HashMap<>();
            if (i % 7 != 0) rec.put("amount", i % 50 == 1 ? 1e6 : r.nextDouble(0, 400)); // some missing, some clipped
            rec.put("hour", (double) r.nextInt(24));
            rec.put("country", new String[] {"FR", "DE", "US", "BR"}[r.nextInt(4)]);
            rec.put("memo", "card " + r.nextInt(10) + " at shop " + r.nextInt(5));
            SparseVector x = fx.extract(rec);
            FrozenVersion.Prediction expected = v.predict(x.indices(), x.values());
            double[] p = consumer.tribuo(model, x);
            int best = 0;
            for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
            assertEquals(expected.label(), consumer.classes()[best], "record " + i);
            assertEquals(expected.confidence(), p[best], 1e-9, "record " + i);
        }
    }

    @Test
    void aSpecThatDoesNotMatchTheStateIsRefused() {
        ExportedVersion v = version(1);
        ModelSpec other = new ModelSpec("m", SPEC.classes(), SPEC.features(),
                io.triage.spec.LearningSpec.hashBits(7), null, null);
        assertThrows(IllegalArgumentException.class, () -> ModelExport.tribuo(other, v));
    }
}
