package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON calls to one labeling tool's REST API, authenticated by one header. A call either answers (2xx) or throws
 * a {@link ToolCallException} that says whether trying again may help.
 */
final class ToolHttp {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;
    private final String authHeader;
    private final String authValue;

    /** @param baseUrl the tool's address, e.g. {@code http://label-studio:8080} (a trailing slash is dropped) */
    ToolHttp(String baseUrl, String authHeader, String authValue) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authHeader = authHeader;
        this.authValue = authValue;
    }

    /**
     * @param pathAndQuery from the root, e.g. {@code /api/tasks/42/}
     * @param body         null for none
     * @return the answer's JSON, or null when it has no body
     */
    JsonNode call(String method, String pathAndQuery, JsonNode body) throws ToolCallException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT)
                .header(authHeader, authValue).header("Accept", "application/json");
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) { // refused, reset, timed out: the tool may be back soon
            throw new ToolCallException(0, method + " " + pathAndQuery + ": " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolCallException(0, method + " " + pathAndQuery + ": interrupted", false);
        }
        int status = r.statusCode();
        if (status / 100 != 2) {
            String text = r.body() == null ? "" : r.body();
            // 5xx and 429 pass; any other answer says the request itself is wrong
            throw new ToolCallException(status, method + " " + pathAndQuery + " answered " + status + ": "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text), status >= 500 || status == 429);
        }
        try {
            return r.body() == null || r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new ToolCallException(status, method + " " + pathAndQuery + ": the answer is not JSON", false);
        }
    }

    /** A call that did not succeed: its status (0: no answer), and whether trying again may help. */
    static final class ToolCallException extends Exception {
        final int status;
        final boolean retryable;

        ToolCallException(int status, String message, boolean retryable) {
            super(message);
            this.status = status;
            this.retryable = retryable;
        }
    }
}
