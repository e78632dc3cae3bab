package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Argilla's documented {@code response.*} payloads (the structure of its webhooks reference, trimmed of the
 * dataset's settings), with a record Triage pushed: its metadata names the model and the record.
 */
class ArgillaWebhookTest {
    private final ArgillaWebhook webhook = new ArgillaWebhook("label", Map.of("argilla", "alice"));

    static String payload(String type, String status, String value, String username) {
        return """
                {
                  "type": "%s",
                  "version": 1,
                  "timestamp": "2024-09-26T14:13:22.256501Z",
                  "data": {
                    "id": "7164a58e-3611-4b0a-98cc-9184bc92dc5a",
                    "values": {
                      "label": {
                        "value": "%s"
                      }
                    },
                    "status": "%s",
                    "record": {
                      "id": "88654411-4eec-4d17-ad73-e5baf59d0efb",
                      "status": "completed",
                      "fields": {
                        "text": "amount 812.50, country NL, merchant_category crypto"
                      },
                      "metadata": {
                        "triage_model": "fraud",
                        "triage_record_id": "tx-42"
                      },
                      "external_id": "fraud/tx-42",
                      "inserted_at": "2024-09-20T09:39:23.148539",
                      "updated_at": "2024-09-26T14:05:30.224076"
                    },
                    "user": {
                      "id": "df114042-958d-42c6-9f03-ab49bd451c6c",
                      "first_name": "",
                      "last_name": null,
                      "username": "%s",
                      "role": "annotator",
                      "inserted_at": "2024-09-05T11:39:20.376463",
                      "updated_at": "2024-09-05T11:39:20.376463"
                    },
                    "inserted_at": "2024-09-26T14:06:06.672138",
                    "updated_at": "2024-09-26T14:13:22.206179"
                  }
                }
                """.formatted(type, value, status, username);
    }

    private Optional<ToolAnswer> answer(String json) throws Exception {
        JsonNode n = Json.MAPPER.readTree(json);
        return webhook.answer(n);
    }

    @Test
    void aSubmittedResponseIsALabelByItsUser() throws Exception {
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "alice", "fraud")),
                answer(payload("response.created", "submitted", "fraud", "argilla")));
        // an update is the same reviewer's answer again (the gateway takes the first)
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "bob", "legit")),
                answer(payload("response.updated", "submitted", "legit", "bob")));
    }

    @Test
    void aDiscardedResponseIsASkip() throws Exception {
        assertEquals(Optional.of(new ToolAnswer("fraud", "tx-42", "alice", null)),
                answer(payload("response.created", "discarded", "fraud", "argilla")));
    }

    @Test
    void draftsDeletionsAndOtherEventsAreNoAnswers() throws Exception {
        assertEquals(Optional.empty(), answer(payload("response.created", "draft", "fraud", "argilla")));
        assertEquals(Optional.empty(), answer(payload("response.deleted", "submitted", "fraud", "argilla")));
        assertEquals(Optional.empty(), answer(payload("record.completed", "submitted", "fraud", "argilla")));
        assertEquals(Optional.empty(), answer(payload("response.created", "submitted", "fraud", "argilla")
                .replace("\"triage_record_id\": \"tx-42\"", "\"other\": 1")), "a record Triage did not push");
    }
}
