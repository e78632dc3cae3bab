package io.triage.codec;

import io.triage.event.InvalidInputException;
import io.triage.feature.FeatureValues;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes one {@code records} message: {"id","model","ts","features":{…}}. */
public final class RecordDecoder implements Serializable {
    private final int maxBytes;
    private final String defaultModel;
    /** The first reader {@link #read} tries; it keeps the last names it read, so {@code read} is for one thread. */
    private transient FlatRecordScanner scanner;

    /**
     * @param maxBytes      larger messages are rejected before parsing
     * @param defaultModel  model of records without a {@code model} field (null: the field is required)
     */
    public RecordDecoder(int maxBytes, String defaultModel) {
        this.maxBytes = maxBytes;
        this.defaultModel = defaultModel;
    }

    /**
     * The record path's decode: by streaming, the features into {@code into} (cleared first), no tree. Refuses
     * exactly what {@link #decode} refuses, with the same reason: a message the flat scan does not take as it is
     * goes to Jackson's streaming parser, and what that does not take goes through {@link #decode}. One thread at
     * a time, as {@code into}.
     */
    public RecordHeader read(String raw, long now, FeatureValues into) throws InvalidInputException {
        Messages.checkSize(raw, maxBytes);
        into.clear();
        if (scanner == null) scanner = new FlatRecordScanner();
        RecordHeader h = scanner.read(raw, now, defaultModel, into);
        if (h != null) return h;
        into.clear();
        h = StreamingRecordReader.read(raw, now, defaultModel, into);
        if (h != null) return h;
        DecodedRecord d = decode(raw, now);
        into.clear();
        for (Map.Entry<String, Object> e : d.features().entrySet()) {
            Object v = e.getValue();
            if (v == null) into.addNull(e.getKey());
            else if (v instanceof Double n) into.addNumber(e.getKey(), n);
            else if (v instanceof Boolean b) into.addBoolean(e.getKey(), b);
            else into.addString(e.getKey(), (String) v);
        }
        return new RecordHeader(d.id(), d.model(), d.ts(), d.featuresJson());
    }

    /** The whole message as a tree: tools, and the record path's reference for what the streaming read declines. */
    public DecodedRecord decode(String raw, long now) throws InvalidInputException {
        JsonNode o = Messages.parseObject(raw, maxBytes);
        String id = Fields.requiredString(o, "id");
        String model = Fields.optionalString(o, "model");
        if (model == null) {
            if (defaultModel == null) throw new InvalidInputException("missing-model", "field 'model' is missing");
            model = defaultModel;
        }
        long ts = Fields.timestamp(o, "ts", now);
        JsonNode f = o.get("features");
        if (f == null || f.isNull()) throw new InvalidInputException("missing-features", "field 'features' is missing");
        if (!f.isObject()) throw new InvalidInputException("wrong-type", "field 'features' must be an object");
        if (f.isEmpty()) throw new InvalidInputException("missing-features", "field 'features' is empty");
        return new DecodedRecord(id, model, ts, features(f), ReviewFeatures.bounded(f, ReviewFeatures.MAX_BYTES));
    }

    /** A record's features again from their JSON (a review request's copy), as {@link #decode} gives them. */
    public static Map<String, Object> features(String json) throws InvalidInputException {
        try {
            JsonNode f = Json.MAPPER.readTree(json);
            if (f == null || !f.isObject()) throw new InvalidInputException("wrong-type", "features must be an object");
            return features(f);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("invalid-json", e.getOriginalMessage());
        }
    }

    /** As {@link #features(String)}, of features already parsed (the Scorer parses a reviewed record's once). */
    public static Map<String, Object> featuresOf(JsonNode f) throws InvalidInputException {
        if (f == null || !f.isObject()) throw new InvalidInputException("wrong-type", "features must be an object");
        return features(f);
    }

    private static Map<String, Object> features(JsonNode f) throws InvalidInputException {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            features.put(e.getKey(), value(e.getKey(), e.getValue()));
        }
        return features;
    }

    private static Object value(String name, JsonNode v) throws InvalidInputException {
        if (v.isNull()) return null;
        if (v.isNumber()) return v.doubleValue();
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue();
        throw new InvalidInputException("wrong-type",
                "feature '" + name + "' must be a number, string or boolean, was " + v.getNodeType());
    }
}
