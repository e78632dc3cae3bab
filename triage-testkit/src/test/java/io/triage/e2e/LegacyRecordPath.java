package io.triage.e2e;

import io.triage.codec.Json;
import io.triage.codec.ReviewFeatures;
import io.triage.event.InvalidInputException;
import io.triage.feature.FeatureSpace;
import io.triage.spec.FieldType;
import io.triage.spec.ModelSpec;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record path as it was before the streaming decoder (RecordDecoder, Messages, Fields and FeatureExtractor of
 * the previous build, copied unchanged but for their packaging): the oracle the new path must match bit for bit.
 */
final class LegacyRecordPath {
    /** What the old path made of a message: a record, or a refusal. */
    record Result(String id, String model, long ts, String featuresJson, int[] indices, double[] values,
                  String reason, String detail, String aboutId, String aboutModel) {}

    /** The previous build's JSON settings: numbers parsed by Double.parseDouble, as then. */
    private static final ObjectMapper MAPPER = previousMapper();
    private final int maxBytes;
    private final String defaultModel;
    private final Map<String, FeatureSpace> spaces = new HashMap<>();

    LegacyRecordPath(int maxBytes, String defaultModel, List<ModelSpec> models) {
        this.maxBytes = maxBytes;
        this.defaultModel = defaultModel;
        for (ModelSpec m : models) spaces.put(m.id(), new FeatureSpace(m));
    }

    Result parse(String raw, long now) {
        String id = null, model = null;
        try {
            JsonNode o = parseObjectBounded(raw);
            id = requiredString(o, "id");
            model = optionalString(o, "model");
            if (model == null) {
                if (defaultModel == null) throw new InvalidInputException("missing-model", "field 'model' is missing");
                model = defaultModel;
            }
            long ts = timestamp(o, "ts", now);
            JsonNode f = o.get("features");
            if (f == null || f.isNull()) throw new InvalidInputException("missing-features", "field 'features' is missing");
            if (!f.isObject()) throw new InvalidInputException("wrong-type", "field 'features' must be an object");
            if (f.isEmpty()) throw new InvalidInputException("missing-features", "field 'features' is empty");
            Map<String, Object> features = features(f);
            String json = ReviewFeatures.bounded(f, ReviewFeatures.MAX_BYTES);
            FeatureSpace space = spaces.get(model);
            if (space == null) {
                return new Result(null, null, 0, null, null, null, "unknown-model",
                        "no model '" + model + "' in this job", id, model);
            }
            TreeMap<Integer, Double> acc = new TreeMap<>();
            walk(space, features, acc);
            int[] idx = new int[acc.size()];
            double[] val = new double[acc.size()];
            int i = 0;
            for (Map.Entry<Integer, Double> e : acc.entrySet()) {
                idx[i] = e.getKey();
                val[i++] = e.getValue();
            }
            return new Result(id, model, ts, json, idx, val, null, null, null, null);
        } catch (InvalidInputException e) {
            boolean decoded = model != null && e.recordId() == null && isExtraction(e);
            return new Result(null, null, 0, null, null, null, e.reason(), e.getMessage(),
                    decoded ? id : null, decoded ? model : null);
        }
    }

    // extraction errors are thrown with the record's id and model; decode errors without
    private boolean extraction;

    private boolean isExtraction(InvalidInputException e) {
        boolean x = extraction;
        extraction = false;
        return x;
    }

    private JsonNode parseObjectBounded(String raw) throws InvalidInputException {
        if (raw == null || raw.isBlank()) throw new InvalidInputException("empty", "empty message");
        if (raw.length() > maxBytes || (raw.length() * 4L > maxBytes
                && raw.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
            throw new InvalidInputException("too-large", "message larger than " + maxBytes + " bytes");
        }
        JsonNode o;
        try {
            o = MAPPER.readTree(raw);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("too-deep", "JSON exceeds parser limits: " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new InvalidInputException("invalid-json", firstLine(e.getOriginalMessage()));
        }
        if (o == null || !o.isObject()) throw new InvalidInputException("not-an-object", "message is not a JSON object");
        return o;
    }

    private static ObjectMapper previousMapper() {
        ObjectMapper m = Json.MAPPER.copy();
        m.getFactory().disable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static String requiredString(JsonNode o, String field) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new InvalidInputException("missing-" + field, "field '" + field + "' is missing");
        if (!n.isTextual()) {
            throw new InvalidInputException("wrong-type", "field '" + field + "' must be a string, was " + n.getNodeType());
        }
        String s = n.textValue();
        if (s.isBlank()) throw new InvalidInputException("missing-" + field, "field '" + field + "' is blank");
        if (s.length() > 256) throw new InvalidInputException("too-long", "field '" + field + "' is longer than " + 256);
        return s;
    }

    private static String optionalString(JsonNode o, String field) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        return requiredString(o, field);
    }

    private static long timestamp(JsonNode o, String field, long now) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return now;
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isTextual()) {
            try {
                return Instant.parse(n.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("bad-timestamp", "field '" + field + "' is not an ISO-8601 instant");
            }
        }
        throw new InvalidInputException("bad-timestamp", "field '" + field + "' must be a string or epoch millis");
    }

    private static Map<String, Object> features(JsonNode f) throws InvalidInputException {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object value;
            if (v.isNull()) value = null;
            else if (v.isNumber()) value = v.doubleValue();
            else if (v.isTextual()) value = v.textValue();
            else if (v.isBoolean()) value = v.booleanValue();
            else throw new InvalidInputException("wrong-type",
                        "feature '" + e.getKey() + "' must be a number, string or boolean, was " + v.getNodeType());
            features.put(e.getKey(), value);
        }
        return features;
    }

    private void walk(FeatureSpace space, Map<String, Object> features, TreeMap<Integer, Double> acc)
            throws InvalidInputException {
        for (Map.Entry<String, Object> e : features.entrySet()) {
            String field = e.getKey();
            Object v = e.getValue();
            if (v == null) continue;
            FieldType declared = space.typeOf(field);
            if (v instanceof Boolean b) v = b ? 1.0 : 0.0;
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    extraction = true;
                    throw new InvalidInputException("non-finite-feature", "feature '" + field + "' is " + d);
                }
                if (declared == FieldType.NUMERIC) {
                    acc.merge(Arrays.asList(space.numericFields()).indexOf(field), d, Double::sum);
                } else if (declared == null) {
                    acc.merge(space.hashed(field + "#"), Math.signum(d) * Math.log1p(Math.abs(d)), Double::sum);
                } else {
                    addString(space, acc, field, declared,
                            d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
                }
            } else if (v instanceof String s) {
                if (declared == FieldType.NUMERIC) {
                    extraction = true;
                    throw new InvalidInputException("wrong-type", "feature '" + field
                            + "' is declared numeric but is the string \"" + (s.length() <= 40 ? s : s.substring(0, 40) + "…") + "\"");
                }
                addString(space, acc, field, declared == null ? FieldType.CATEGORICAL : declared, s);
            }
        }
    }

    private static void addString(FeatureSpace space, TreeMap<Integer, Double> acc, String field, FieldType type, String s) {
        if (type == FieldType.TEXT) {
            String[] tokens = Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                    .filter(t -> !t.isEmpty()).limit(512).toArray(String[]::new);
            if (tokens.length == 0) return;
            double w = 1.0 / Math.sqrt(tokens.length);
            for (String t : tokens) acc.merge(space.hashed(field + "~" + t), w, Double::sum);
        } else {
            acc.merge(space.hashed(field + "=" + s), 1.0, Double::sum);
        }
    }
}
