package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.local.TransactionsGenerator;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The topic schemas in {@code schemas/}: the output schemas are those the event records generate, good input
 * validates, and every hostile fixture of {@link BadInputIT} that is wrong in its structure fails the schema —
 * the rest are rejected by the job for reasons a schema cannot see (named in each schema's description).
 * TriageLoopIT checks every message a real run commits against them.
 */
class SchemasTest {
    /** Reason codes a schema catches: the message's shape is wrong. */
    private static final Set<String> STRUCTURAL = Set.of("wrong-type", "missing-id", "too-long", "missing-features",
            "not-an-object", "bad-timestamp", "too-deep", "missing-annotator", "missing-label");
    /** Reason codes beyond the schema: not JSON at all, or wrong only against the spec, the limits or the state. */
    private static final Set<String> BEYOND = Set.of("invalid-json", "empty", "non-finite-feature", "too-large",
            "unknown-model", "missing-model");

    @Test
    void theOutputSchemasAreTheGeneratedOnes() throws Exception {
        boolean write = Boolean.getBoolean("triage.schemas.write");
        for (Map.Entry<String, Class<? extends Record>> e : TopicSchemas.OUTPUTS.entrySet()) {
            String generated = Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(TopicSchemas.generate(e.getKey(), e.getValue())) + "\n";
            if (write) Files.writeString(TopicSchemas.file(e.getKey()), generated);
            assertEquals(generated, Files.readString(TopicSchemas.file(e.getKey())), e.getKey()
                    + ": schemas/ is stale; regenerate with -Dtriage.schemas.write=true and review the change");
        }
        String spec = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TopicSchemas.generateSpec()) + "\n";
        if (write) Files.writeString(TopicSchemas.file("job-spec"), spec);
        assertEquals(spec, Files.readString(TopicSchemas.file("job-spec")), "job-spec: schemas/ is stale");
    }

    /** Every shipped and test spec fits the spec's schema; a misspelt field, a wrong type or an unknown value does not. */
    @Test
    void theShippedSpecsFitTheSpecSchema() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<java.nio.file.Path> specs = new java.util.ArrayList<>();
        try (var s = Files.list(java.nio.file.Path.of("jobs"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).forEach(specs::add);
        }
        specs.add(java.nio.file.Path.of("triage-testkit/src/test/resources/jobs/loop-fraud.yaml"));
        assertTrue(specs.size() >= 4, specs.toString());
        for (var p : specs) {
            JsonNode tree = yaml.readTree(Files.readString(p));
            assertEquals(List.of(), TopicSchemas.errors("job-spec", tree), p.toString());
            // and what the spec writes back (every field, defaults included) too
            JsonNode written = yaml.readTree(io.triage.spec.SpecLoader.toYaml(io.triage.spec.SpecLoader.load(p)));
            assertEquals(List.of(), TopicSchemas.errors("job-spec", written), p + " as written back");
        }
        for (String bad : List.of("models: [{id: m, policy: {targetPrecison: 0.9}}]",
                "models: [{id: m, features: {x: numbr}}]", "checkpointIntervalMs: often", "models: {id: m}")) {
            assertFalse(TopicSchemas.errors("job-spec", yaml.readTree(bad)).isEmpty(), bad);
        }
    }

    @Test
    void generatedRecordsValidate() throws Exception {
        TransactionsGenerator gen = new TransactionsGenerator(5);
        for (int i = 0; i < 500; i++) {
            JsonNode r = Json.MAPPER.readTree(gen.next().json());
            assertEquals(List.of(), TopicSchemas.errors("records", r), r.toString());
        }
        JsonNode label = Json.MAPPER.readTree("{\"id\":\"tx-1\",\"model\":\"fraud\",\"label\":\"fraud\",\"annotator\":"
                + "\"alice\",\"ts\":1795514400000,\"eventId\":\"ev-1\",\"signature\":\"" + "ab".repeat(32) + "\"}");
        assertEquals(List.of(), TopicSchemas.errors("labels", label));
    }

    @Test
    void hostileRecordsThatAreWrongInShapeFailTheSchema() {
        int failed = 0, beyond = 0;
        for (BadInputIT.Bad b : BadInputIT.hostileRecords()) failed += check("records", b) ? 1 : 0;
        for (BadInputIT.Bad b : BadInputIT.MALFORMED_LABELS) failed += check("labels", b) ? 1 : 0;
        for (BadInputIT.Bad b : BadInputIT.hostileRecords()) beyond += BEYOND.contains(b.reason()) ? 1 : 0;
        assertTrue(failed >= 15, "schema failures: " + failed);
        assertTrue(beyond > 0);
    }

    /** True when the schema rejected the fixture; asserts that it does exactly when its reason is structural. */
    private static boolean check(String topic, BadInputIT.Bad b) {
        JsonNode parsed;
        try {
            parsed = b.raw() == null || b.raw().isBlank() ? null : Json.MAPPER.readTree(b.raw());
        } catch (Exception e) {
            parsed = null;
        }
        if (parsed == null) {
            // not JSON, or nested beyond the parser's depth limit
            assertTrue(Set.of("invalid-json", "empty", "too-deep").contains(b.reason()), "unparseable but rejected as " + b.reason());
            return false;
        }
        List<String> errors = TopicSchemas.errors(topic, parsed);
        // a string where the spec declares a number is wrong only against the spec (features are typed there)
        boolean specTyped = b.reason().equals("wrong-type") && b.raw().matches(".*\"(NaN|Infinity)\".*");
        if (STRUCTURAL.contains(b.reason()) && !specTyped) {
            assertFalse(errors.isEmpty(), topic + " schema accepted a fixture the job rejects as " + b.reason() + ": " + b.raw());
            return true;
        }
        assertTrue(errors.isEmpty() && (BEYOND.contains(b.reason()) || specTyped),
                topic + ": " + b.reason() + " " + errors + " " + b.raw());
        return false;
    }

    @Test
    void outputSchemasRejectWhatTheJobNeverWrites() throws Exception {
        JsonNode decision = Json.MAPPER.readTree("{\"recordId\":\"r\",\"model\":\"m\",\"unexpected\":1}");
        assertFalse(TopicSchemas.errors("decisions", decision).isEmpty(), "unknown fields are not allowed");
        assertThrows(IllegalStateException.class, () -> TopicSchemas.errors("no-such-topic", decision));
    }
}
