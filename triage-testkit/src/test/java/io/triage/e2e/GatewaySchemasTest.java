package io.triage.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's schemas in {@code schemas/gateway/} against the examples of docs/gateway.md and the tools' documented
 * payloads (GatewayIT checks the running gateway's answers against them); requests of the wrong shape fail them.
 */
class GatewaySchemasTest {
    private static void valid(String schema, String json) {
        assertEquals(List.of(), GatewaySchemas.errors(schema, json), schema + ": " + json);
    }

    private static void invalid(String schema, String json) {
        assertFalse(GatewaySchemas.errors(schema, json).isEmpty(), schema + " takes " + json);
    }

    @Test
    void theDocumentedQueueAnswerFits() throws Exception {
        String doc = Files.readString(Path.of("docs/gateway.md"));
        int from = doc.indexOf("{\"items\": [");
        String example = doc.substring(from, doc.indexOf("```", from));
        valid("gateway/queue-response", example);
        invalid("gateway/queue-response", example.replace("\"REVIEW\"", "\"AUDIT\"")); // an audit is never named
        invalid("gateway/queue-response", "{\"items\": []}");
    }

    @Test
    void labelRequestsOfTheWrongShapeFail() {
        valid("gateway/labels-request", "{\"model\": \"fraud\", \"recordId\": \"tx-42\", \"label\": \"legit\"}");
        valid("gateway/labels-request", "{\"model\": \"fraud\", \"recordId\": \"tx-42\", \"skip\": true, \"reason\": \"unsure\"}");
        for (String bad : List.of("{\"model\": \"fraud\"}", "{\"model\": \"fraud\", \"recordId\": \"tx-42\"}",
                "{\"model\": \"fraud\", \"recordId\": 42, \"label\": \"legit\"}", "[\"legit\"]",
                "{\"model\": \"\", \"recordId\": \"tx-42\", \"label\": \"legit\"}",
                "{\"model\": \"fraud\", \"recordId\": \"tx-42\", \"skip\": false}")) {
            invalid("gateway/labels-request", bad);
        }
        valid("gateway/labels-response", "{\"status\": \"written\", \"eventId\": \"gw-alice-fraud-tx-42\"}");
        valid("gateway/labels-response", "{\"status\": \"skipped\"}");
        invalid("gateway/labels-response", "{\"status\": \"written\"}");
        valid("gateway/error", "{\"error\": \"leased-to-another\", \"message\": \"tx-42 is with another reviewer\"}");
    }

    @Test
    void theToolsDocumentedWebhooksFit() {
        valid("gateway/label-studio-webhook", GatewayIT.labelStudioAnnotation(3, false, "fraud", 17, "tx-1"));
        valid("gateway/label-studio-webhook", GatewayIT.labelStudioAnnotation(4, true, "fraud", 17, "tx-1"));
        invalid("gateway/label-studio-webhook", "{\"action\": \"ANNOTATION_CREATED\", \"task\": {}}");
        valid("gateway/label-studio-webhook", "{\"action\": \"PROJECT_UPDATED\", \"project\": {\"id\": 3}}");
        valid("gateway/argilla-webhook", GatewayIT.argillaResponse("submitted", "fraud", "argilla-bob", "tx-1"));
        invalid("gateway/argilla-webhook", "{\"type\": \"response.created\"}");
        valid("gateway/webhook-response", "{\"status\": \"duplicate-delivery\"}");
        invalid("gateway/webhook-response", "{\"status\": \"maybe\"}");
    }

    @Test
    void everyEndpointHasItsSchemas() {
        for (String path : List.of("/v1/queue", "/v1/stats", "/v1/health", "/v1/labels", "/v1/appeals",
                "/v1/adapters/argilla", "/v1/adapters/label-studio")) {
            assertTrue(Files.exists(TopicSchemas.file(GatewaySchemas.response(path, 200))), path);
            String request = GatewaySchemas.request(path);
            if (request != null) assertTrue(Files.exists(TopicSchemas.file(request)), path);
        }
    }
}
