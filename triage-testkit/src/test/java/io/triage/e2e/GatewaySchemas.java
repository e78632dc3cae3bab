package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The gateway's endpoints and their JSON Schemas in {@code schemas/gateway/}: what a call sends and what the
 * gateway answers must fit them. A body the gateway refuses for its shape ({@link #SHAPE_ERRORS}) must fail the
 * request's schema; one it takes must fit it.
 */
final class GatewaySchemas {
    /** Error codes of a request whose shape is wrong: its schema must refuse it too. */
    static final Set<String> SHAPE_ERRORS = Set.of("bad-json", "missing-field");

    private GatewaySchemas() {}

    /** The schema of a request body to {@code path} (null: the endpoint takes none). */
    static String request(String path) {
        return switch (strip(path)) {
            case "/v1/labels" -> "gateway/labels-request";
            case "/v1/appeals" -> "gateway/appeals-request";
            case "/v1/adapters/argilla" -> "gateway/argilla-webhook";
            case "/v1/adapters/label-studio" -> "gateway/label-studio-webhook";
            default -> null;
        };
    }

    /** The schema of the gateway's answer to {@code path} with {@code status}. */
    static String response(String path, int status) {
        if (status >= 400) return "gateway/error";
        return switch (strip(path)) {
            case "/v1/queue" -> "gateway/queue-response";
            case "/v1/stats" -> "gateway/stats-response";
            case "/v1/health" -> "gateway/health-response";
            case "/v1/labels" -> "gateway/labels-response";
            case "/v1/appeals" -> "gateway/appeals-response";
            case "/v1/adapters/argilla", "/v1/adapters/label-studio" -> "gateway/webhook-response";
            default -> throw new IllegalArgumentException("no schema for " + path);
        };
    }

    private static String strip(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static List<String> errors(String schema, String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return List.of("not JSON: " + e.getMessage());
        }
        return n == null ? List.of("empty") : TopicSchemas.errors(schema, n);
    }

    /**
     * Checks one exchange with the gateway: the answer fits its schema; a request body the gateway took fits the
     * request's, and one it refused for its shape does not.
     *
     * @param requestBody null for a GET
     */
    static void check(String path, String requestBody, int status, String responseBody) throws Exception {
        // the rate limiter and authentication answer before any body is read
        if (status == 401 || status == 429 || (requestBody == null && status >= 400)) {
            assertEquals(List.of(), errors("gateway/error", responseBody), path + " " + status + " " + responseBody);
            return;
        }
        String answer = response(path, status);
        assertEquals(List.of(), errors(answer, responseBody), path + " " + status + " answered " + responseBody);
        String schema = request(path);
        if (schema == null || requestBody == null) return;
        String code = status >= 400 ? Json.MAPPER.readTree(responseBodySafe(responseBody)).path("error").asText() : null;
        if (code != null && SHAPE_ERRORS.contains(code)) {
            assertFalse(errors(schema, requestBody).isEmpty(), "refused " + code + " but fits " + schema + ": " + requestBody);
        } else if (status < 300) {
            assertEquals(List.of(), errors(schema, requestBody), path + " took a body that does not fit " + schema);
        }
    }

    private static String responseBodySafe(String body) {
        return body == null || body.isBlank() ? "{}" : body;
    }
}
