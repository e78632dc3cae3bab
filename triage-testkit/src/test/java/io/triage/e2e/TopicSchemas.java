package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.triage.codec.Json;
import io.triage.event.AuditEvent;
import io.triage.event.DeadLetter;
import io.triage.event.Decision;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the topics in {@code schemas/}: the inputs ({@code records}, {@code labels}) written by
 * hand, the outputs generated from the event records the job writes (each component a property of the JSON
 * type Jackson writes it as; primitives always present — a non-finite double as null; nothing else allowed).
 */
final class TopicSchemas {
    static final Path DIR = Path.of("schemas");
    /** Output topics and the event each carries. */
    static final Map<String, Class<? extends Record>> OUTPUTS = outputs();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> LOADED = new LinkedHashMap<>();

    private TopicSchemas() {}

    private static Map<String, Class<? extends Record>> outputs() {
        Map<String, Class<? extends Record>> m = new LinkedHashMap<>();
        m.put("decisions", Decision.class);
        m.put("review-requests", ReviewRequest.class);
        m.put("audit", AuditEvent.class);
        m.put("models", ModelPublished.class);
        m.put("metrics", Metrics.class);
        m.put("dead-letter", DeadLetter.class);
        return m;
    }

    static Path file(String topic) {
        return DIR.resolve(topic + ".schema.json");
    }

    /** The schema violations of a message of {@code topic} (empty: valid). */
    static synchronized List<String> errors(String topic, JsonNode message) {
        Schema s = LOADED.computeIfAbsent(topic, t -> {
            try {
                return REGISTRY.getSchema(Json.MAPPER.readTree(Files.readString(file(t))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + file(t), e);
            }
        });
        return s.validate(message).stream().map(Error::toString).toList();
    }

    /** The generated schema of an output topic. */
    static ObjectNode generate(String topic, Class<? extends Record> type) {
        ObjectNode root = header(topic, topic + " (output): " + type.getSimpleName(), "Generated from io.triage.event."
                + type.getSimpleName() + " (SchemasTest regenerates it with -Dtriage.schemas.write=true); README, "
                + "\"Topics and their JSON\", says what each field means. Read with isolation.level=read_committed.");
        root.setAll(new Generator(false).objectOf(type));
        return root;
    }

    /**
     * The generated schema of the job spec's YAML (as a JSON tree): every field optional (a missing or null one
     * takes its default), enum values in either case, no unknown field. Ranges and cross-field rules are the
     * spec's own validation ({@code triage validate}), named in its messages.
     */
    static ObjectNode generateSpec() {
        ObjectNode root = header("job-spec", "Triage job spec (jobs/*.yaml)", "Generated from io.triage.spec.JobSpec "
                + "(SchemasTest regenerates it with -Dtriage.schemas.write=true). Shape only: `triage validate` also "
                + "checks ranges and cross-field rules, and README, \"Job spec\", says what each field means.");
        root.setAll(new Generator(true).objectOf(io.triage.spec.JobSpec.class));
        return root;
    }

    private static ObjectNode header(String name, String title, String description) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://triage.io/schemas/" + name + ".schema.json");
        root.put("title", title);
        root.put("description", description);
        return root;
    }

    /** Record components to JSON Schema, as Jackson writes them (outputs) or reads them from YAML (the spec). */
    private record Generator(boolean spec) {
        ObjectNode objectOf(Class<?> type) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("type", "object");
            ObjectNode props = o.putObject("properties");
            ArrayNode required = JsonNodeFactory.instance.arrayNode();
            for (RecordComponent c : type.getRecordComponents()) {
                props.set(c.getName(), type == io.triage.event.ReviewRequest.class && c.getName().equals("features")
                        ? reviewFeatures() : typeOf(c.getType(), c.getGenericType()));
                if (!spec && c.getType().isPrimitive()) required.add(c.getName());
            }
            if (!required.isEmpty()) o.set("required", required);
            o.put("additionalProperties", false);
            return o;
        }

        /** Held as JSON text in the record, written as the object itself (Json's mix-in). */
        private static ObjectNode reviewFeatures() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("type", "object");
            n.put("description", "the record's features (the previous build wrote this object as a JSON string)");
            n.putObject("additionalProperties").set("type", types("number", "string", "boolean", "null"));
            return n;
        }

        ObjectNode typeOf(Class<?> t, Type generic) {
            ObjectNode n = plain(t, generic);
            // in a spec, null means "the default"
            if (spec && !t.isPrimitive() && n.has("type") && n.get("type").isTextual()) n.set("type", types(n.get("type").asText(), "null"));
            return n;
        }

        private ObjectNode plain(Class<?> t, Type generic) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (t == double.class || t == float.class) n.set("type", types("number", "null")); // non-finite: null
        else if (t == Double.class || t == Float.class) {
            if (spec) n.put("type", "number");
            else n.set("type", types("number", "null"));
        }
        else if (t == long.class || t == int.class || t == short.class || t == Long.class || t == Integer.class) n.put("type", "integer");
        else if (t == boolean.class || t == Boolean.class) n.put("type", "boolean");
        else if (t == String.class) n.put("type", "string");
        else if (t.isEnum()) {
            n.put("type", "string");
            ArrayNode values = n.putArray("enum");
            for (Object v : t.getEnumConstants()) {
                values.add(((Enum<?>) v).name());
                if (spec) values.add(((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT)); // read in any case
            }
            if (spec) values.addNull(); // null: the default
        } else if (t.isArray()) {
            n.put("type", "array");
            n.set("items", typeOf(t.getComponentType(), t.getComponentType()));
        } else if (List.class.isAssignableFrom(t) && generic instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> item) {
            n.put("type", "array");
            n.set("items", typeOf(item, item));
        } else if (Map.class.isAssignableFrom(t)) {
            n.put("type", "object");
            if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[1] instanceof Class<?> value) {
                n.set("additionalProperties", typeOf(value, value));
            }
        } else if (t.isRecord()) {
            ObjectNode o = objectOf(t);
            if (spec) o.set("type", types("object", "null"));
            return o;
        }
        return n; // anything else: unconstrained
        }
    }

    static ArrayNode types(String... names) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String s : names) a.add(s);
        return a;
    }
}
