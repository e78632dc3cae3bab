package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;

/** Reads the id (and other top-level fields) of a JSON message, for the demo's bookkeeping. */
public final class RecordIds {
    private RecordIds() {}

    public static String idOf(String json) {
        return field(json, "id");
    }

    public static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    public static String field(String json, String name) {
        JsonNode n = tree(json).get(name);
        return n == null || n.isNull() ? null : n.asText();
    }
}
