package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;

/**
 * Review items as records of one Argilla (2.x) dataset, written with {@code PUT /api/v1/datasets/{id}/records/bulk}
 * and deleted with {@code DELETE /api/v1/datasets/{id}/records?ids=…}. A record has one text field (the record's
 * fields, plus an appeal's contested decision), the metadata {@code triage_model} and {@code triage_record_id} that
 * {@link ArgillaWebhook} reads back, and the model's prediction as a suggestion for the label question — not for
 * audits, which are blind.
 * <p>
 * The bulk upsert (not the create) with the item as {@code external_id}: a record written twice for one item (a
 * gateway that stopped between Argilla's answer and remembering it) is the same record, not a second one.
 *
 * The dataset's text field that shows the record and its label question (as {@link ArgillaWebhook} reads it)
 * are named by the gateway's options.
 */
public final class ArgillaRecords implements ToolTarget {
    private final ToolHttp http;
    private final String dataset;
    private final String field;
    private final String question;
    /** Only the pushing thread uses it. */
    private String questionId;

    ArgillaRecords(ToolHttp http, String dataset, String field, String question) {
        this.http = http;
        this.dataset = dataset;
        this.field = field;
        this.question = question;
    }

    /** @param apiKey an Argilla user's API key (sent as {@code X-Argilla-Api-Key}) */
    public static ArgillaRecords connect(String url, String dataset, String apiKey, String field, String question) {
        return new ArgillaRecords(new ToolHttp(url, "X-Argilla-Api-Key", apiKey), dataset, field, question);
    }

    @Override
    public String name() {
        return "argilla";
    }

    /** The label question's id, which a suggestion names (looked up once by its name). */
    private String questionId() throws ToolHttp.ToolCallException {
        if (questionId == null) {
            JsonNode qs = http.call("GET", "/api/v1/datasets/" + dataset + "/questions", null);
            for (JsonNode q : qs == null ? Json.MAPPER.createArrayNode() : qs.path("items")) {
                if (question.equals(q.path("name").asText())) questionId = q.path("id").asText();
            }
            if (questionId == null) {
                throw new ToolHttp.ToolCallException(200, "Argilla dataset " + dataset + " has no question " + question, false);
            }
        }
        return questionId;
    }

    /** The bulk body Argilla is sent for {@code item}. */
    ObjectNode records(String key, ObjectNode item) throws ToolHttp.ToolCallException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode record = body.putArray("items").addObject();
        record.put("external_id", key.replace('\0', '/'));
        record.putObject("fields").put(field, ItemText.of(item));
        record.putObject("metadata").put("triage_model", item.path("model").asText())
                .put("triage_record_id", item.path("recordId").asText());
        JsonNode p = item.path("prediction");
        if (p.isObject()) {
            record.putArray("suggestions").addObject().put("question_id", questionId()).put("type", "model")
                    .put("value", p.path("label").asText()).put("score", p.path("confidence").asDouble())
                    .put("agent", "triage/" + item.path("model").asText());
        }
        return body;
    }

    @Override
    public String push(String key, ObjectNode item) throws ToolHttp.ToolCallException {
        JsonNode answer = http.call("PUT", "/api/v1/datasets/" + dataset + "/records/bulk", records(key, item));
        JsonNode items = answer == null ? null : answer.path("items");
        if (items == null || items.size() != 1 || !items.get(0).hasNonNull("id")) {
            throw new ToolHttp.ToolCallException(200, "Argilla's bulk upsert answered without the record: " + answer, false);
        }
        return items.get(0).path("id").asText();
    }

    @Override
    public void delete(String id) throws ToolHttp.ToolCallException {
        try {
            http.call("DELETE", "/api/v1/datasets/" + dataset + "/records?ids="
                    + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8), null);
        } catch (ToolHttp.ToolCallException e) {
            if (e.status != 404) throw e;
        }
    }
}
