package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * Reads Argilla's {@code response.*} webhooks into labels. Argilla records that Triage asks about carry the
 * record's model and id in their metadata ({@code triage_model}, {@code triage_record_id}); the answer is the
 * value of one label question. A {@code submitted} response is a label, a {@code discarded} one a skip; drafts,
 * deletions and every other event are not answers.
 *
 * @param question the name of the dataset's label question (its values are the model's classes)
 * @param users    Argilla username → Triage annotator id (a username not listed is taken as the annotator id)
 */
public record ArgillaWebhook(String question, Map<String, String> users) {
    public Optional<ToolAnswer> answer(JsonNode event) {
        String type = event.path("type").asText();
        if (!type.equals("response.created") && !type.equals("response.updated")) return Optional.empty();
        JsonNode data = event.path("data");
        String status = data.path("status").asText();
        JsonNode metadata = data.path("record").path("metadata");
        String model = metadata.path("triage_model").asText(null);
        String recordId = metadata.path("triage_record_id").asText(null);
        String user = data.path("user").path("username").asText(null);
        if (model == null || recordId == null || user == null) return Optional.empty();
        String annotator = users.getOrDefault(user, user);
        return switch (status) {
            case "submitted" -> {
                JsonNode v = data.path("values").path(question).path("value");
                yield v.isTextual() ? Optional.of(new ToolAnswer(model, recordId, annotator, v.textValue())) : Optional.empty();
            }
            case "discarded" -> Optional.of(new ToolAnswer(model, recordId, annotator, null));
            default -> Optional.empty();
        };
    }
}
