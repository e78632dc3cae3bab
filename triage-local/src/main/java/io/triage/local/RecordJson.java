package io.triage.local;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the input record JSON contract in one place:
 * {@code {"id":..,"model":..,"ts":"..Z","features":{name: number | string}}}.
 */
final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    /** Feature values must be Numbers (numeric features) or Strings (categorical ones); order is kept. */
    static String write(String id, String model, Instant ts, Map<String, ?> features) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        root.put("model", model);
        root.put("ts", ts.toString());
        ObjectNode f = root.putObject("features");
        for (Map.Entry<String, ?> e : features.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                f.put(e.getKey(), n.doubleValue());
            } else if (v instanceof String s) {
                f.put(e.getKey(), s);
            } else {
                throw new IllegalArgumentException("Feature " + e.getKey() + " is neither number nor string: " + v);
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
