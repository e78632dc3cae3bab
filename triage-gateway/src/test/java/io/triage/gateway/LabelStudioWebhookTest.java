package io.triage.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triage.codec.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Label Studio's annotation webhooks, in the shape its webhook reference documents, read into answers. */
class LabelStudioWebhookTest {
    private final LabelStudioWebhook webhook = new LabelStudioWebhook("label",
            Map.of("10", "alice", "bob@example.com", "bob"));

    private static String event(String action, String result, boolean cancelled, String completedBy, String data) {
        return """
                {"action": "%s", "project": {"id": 83, "title": "fraud"},
                 "task": {"id": 1, "data": %s},
                 "annotation": {"id": 1001, "result": %s, "was_cancelled": %b, "ground_truth": false,
                   "created_at": "2021-03-09T22:16:08.728353Z", "updated_at": "2021-03-09T22:16:08.728378Z",
                   "lead_time": 4.288, "task": 1, "completed_by": %s}}
                """.formatted(action, data, result, cancelled, completedBy);
    }

    private static final String DATA = "{\"text\": \"a transaction\", \"triage_model\": \"fraud\", \"triage_record_id\": \"tx-42\"}";

    private static String choice(String from, String... classes) {
        return "[{\"id\": \"Dx_aB91ISN\", \"from_name\": \"" + from + "\", \"to_name\": \"text\", \"type\": \"choices\","
                + " \"value\": {\"choices\": [" + String.join(",", java.util.Arrays.stream(classes).map(c -> "\"" + c + "\"").toList())
                + "]}}]";
    }

    private Optional<ToolAnswer> answer(String json) throws Exception {
        return webhook.answer(Json.MAPPER.readTree(json));
    }

    @Test
    void anAnnotationIsALabelOfTheMappedAnnotator() throws Exception {
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "alice", "fraud")),
                answer(event("ANNOTATION_CREATED", choice("label", "fraud"), false, "10", DATA)));
        // an update is the annotator's answer too; completed_by may be an object with the user's e-mail
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "bob", "legit")), answer(event("ANNOTATION_UPDATED",
                choice("label", "legit"), false, "{\"id\": 11, \"email\": \"bob@example.com\"}", DATA)));
    }

    @Test
    void aCancelledAnnotationIsASkip() throws Exception {
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "alice", null)),
                answer(event("ANNOTATION_CREATED", "[]", true, "10", DATA)));
    }

    @Test
    void otherEventsAndForeignTasksAreNotAnswers() throws Exception {
        assertEquals(Optional.empty(), answer(event("ANNOTATIONS_DELETED", choice("label", "fraud"), false, "10", DATA)));
        assertEquals(Optional.empty(), answer(event("ANNOTATION_CREATED", choice("label", "fraud"), false, "10",
                "{\"text\": \"not one of ours\"}")));
    }

    @Test
    void unmappedUsersAndUnclearChoicesAreRefused() {
        LabelStudioWebhook.Refused e = assertThrows(LabelStudioWebhook.Refused.class,
                () -> answer(event("ANNOTATION_CREATED", choice("label", "fraud"), false, "12", DATA)));
        assertEquals("unknown-user", e.code());
        assertEquals("not-one-choice", assertThrows(LabelStudioWebhook.Refused.class,
                () -> answer(event("ANNOTATION_CREATED", choice("label", "fraud", "legit"), false, "10", DATA))).code());
        assertEquals("no-choice", assertThrows(LabelStudioWebhook.Refused.class,
                () -> answer(event("ANNOTATION_CREATED", choice("sentiment", "fraud"), false, "10", DATA))).code());
    }
}
