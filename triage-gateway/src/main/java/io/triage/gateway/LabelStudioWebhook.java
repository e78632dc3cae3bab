package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * Reads Label Studio's annotation webhooks into labels. Tasks that Triage asks about carry the record's model and
 * id in their data ({@code triage_model}, {@code triage_record_id}); the answer is the single choice of one
 * {@code Choices} control. {@code ANNOTATION_CREATED} and {@code ANNOTATION_UPDATED} are answers: a label, or a
 * skip when the annotator cancelled (skipped) the task; every other action is not an answer.
 * <p>
 * Label Studio names the annotator by a user id ({@code completed_by}: a number, or an object with {@code id}
 * and {@code email}); a number says nothing about who it is, so only users listed in {@code users} (by id or
 * e-mail) answer for an annotator — anyone else is refused, never guessed.
 *
 * @param fromName the labeling configuration's {@code Choices} control whose value is the class
 * @param users    Label Studio user id or e-mail → Triage annotator id
 */
public record LabelStudioWebhook(String fromName, Map<String, String> users) {
    /** The reason an answer-shaped webhook cannot be taken. */
    public static final class Refused extends Exception {
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * @return the answer; empty when the event is not one (another action, a task Triage did not ask about)
     * @throws Refused when it is an answer that cannot be taken (an unmapped user, no single choice)
     */
    public Optional<ToolAnswer> answer(JsonNode event) throws Refused {
        String action = event.path("action").asText();
        if (!action.equals("ANNOTATION_CREATED") && !action.equals("ANNOTATION_UPDATED")) return Optional.empty();
        JsonNode data = event.path("task").path("data");
        String model = data.path("triage_model").asText(null);
        String recordId = data.path("triage_record_id").asText(null);
        if (model == null || recordId == null) return Optional.empty();
        JsonNode annotation = event.path("annotation");
        String annotator = annotator(annotation.path("completed_by"));
        if (annotation.path("was_cancelled").asBoolean(false)) {
            return Optional.of(new ToolAnswer(model, recordId, annotator, null));
        }
        for (JsonNode r : annotation.path("result")) {
            if (!fromName.equals(r.path("from_name").asText())) continue;
            JsonNode choices = r.path("value").path("choices");
            if (choices.size() != 1 || !choices.get(0).isTextual()) {
                throw new Refused("not-one-choice", "the annotation must choose exactly one class in " + fromName);
            }
            return Optional.of(new ToolAnswer(model, recordId, annotator, choices.get(0).textValue()));
        }
        throw new Refused("no-choice", "the annotation has no result from the control " + fromName);
    }

    private String annotator(JsonNode completedBy) throws Refused {
        String id = completedBy.isObject() ? completedBy.path("id").asText(null) : completedBy.asText(null);
        String email = completedBy.isObject() ? completedBy.path("email").asText(null) : null;
        if (id != null && users.containsKey(id)) return users.get(id);
        if (email != null && users.containsKey(email)) return users.get(email);
        throw new Refused("unknown-user", "Label Studio user " + (email != null ? email : id)
                + " is not mapped to an annotator");
    }
}
