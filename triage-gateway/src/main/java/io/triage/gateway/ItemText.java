package io.triage.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;

/**
 * An item as plain text for a labeling tool that shows one text: the record's fields, and for an appeal the
 * contested decision and the appellant's reason (what the console shows beside the fields).
 */
final class ItemText {
    private ItemText() {}

    /** @param item a {@link ReviewItemView} */
    static String of(JsonNode item) {
        StringBuilder s = new StringBuilder();
        try {
            s.append(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(item.path("features")));
        } catch (JsonProcessingException e) {
            s.append(item.path("features"));
        }
        JsonNode a = item.path("appeal");
        if (a.isObject()) {
            s.append("\n\nAppeal: ").append(a.path("reason").asText());
            if (!a.path("appellant").isNull() && a.has("appellant")) s.append(" (").append(a.path("appellant").asText()).append(')');
            s.append("\nContested decision: ").append(a.path("decision").asText()).append(", ")
                    .append(a.path("source").asText());
            if (a.hasNonNull("annotator")) s.append(" by ").append(a.path("annotator").asText());
            s.append(" at ").append(a.path("decidedAt").asText());
        }
        return s.toString();
    }
}
