package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * Review items as tasks of one Label Studio project, created through its import API
 * ({@code POST /api/projects/{id}/import?return_task_ids=true}) and deleted with {@code DELETE /api/tasks/{id}/}.
 * A task's data are the record's fields (each under its own name, for a labeling configuration that shows them),
 * {@code triage_text} (all of them as text, plus an appeal's contested decision), and the {@code triage_model} and
 * {@code triage_record_id} that {@link LabelStudioWebhook} reads back. The model's prediction comes as a
 * pre-annotation (a {@code Choices} result with its score) — not for audits, which are blind.
 * <p>
 * Only a synchronous import answers with the task ids (Label Studio's open-source edition); an import answered
 * without them is taken as a failure, never guessed.
 *
 * @param fromName the labeling configuration's {@code Choices} control (as {@link LabelStudioWebhook} reads it)
 * @param toName   the object tag that control labels (its {@code toName}), e.g. {@code text}
 */
public record LabelStudioTasks(ToolHttp http, long project, String fromName, String toName) implements ToolTarget {
    /** @param apiToken a Label Studio user's API token (sent as {@code Authorization: Token …}) */
    public static LabelStudioTasks connect(String url, long project, String apiToken, String fromName, String toName) {
        return new LabelStudioTasks(new ToolHttp(url, "Authorization", "Token " + apiToken), project, fromName, toName);
    }

    @Override
    public String name() {
        return "labelStudio";
    }

    /** The task Label Studio is sent for {@code item}. */
    ObjectNode task(ObjectNode item) {
        ObjectNode task = Json.MAPPER.createObjectNode();
        ObjectNode data = task.putObject("data");
        JsonNode features = item.path("features");
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            data.set(f.getKey(), f.getValue());
        }
        data.put("triage_text", ItemText.of(item));
        JsonNode appeal = item.path("appeal");
        if (appeal.isObject()) {
            data.put("triage_appeal_reason", appeal.path("reason").asText());
            data.put("triage_appeal_decision", appeal.path("decision").asText());
            data.set("triage_appeal_annotator", appeal.path("annotator"));
            data.put("triage_appeal_decided_at", appeal.path("decidedAt").asText());
        }
        // last, so that a field of the record cannot hide which item the task is
        data.put("triage_model", item.path("model").asText());
        data.put("triage_record_id", item.path("recordId").asText());
        JsonNode p = item.path("prediction");
        if (p.isObject()) {
            ObjectNode prediction = task.putArray("predictions").addObject();
            prediction.put("model_version", "triage/" + item.path("model").asText());
            prediction.put("score", p.path("confidence").asDouble());
            ObjectNode choice = prediction.putArray("result").addObject();
            choice.put("from_name", fromName).put("to_name", toName).put("type", "choices");
            choice.putObject("value").putArray("choices").add(p.path("label").asText());
        }
        return task;
    }

    @Override
    public String push(String key, ObjectNode item) throws ToolHttp.ToolCallException {
        ArrayNode body = Json.MAPPER.createArrayNode().add(task(item));
        JsonNode answer = http.call("POST", "/api/projects/" + project + "/import?return_task_ids=true", body);
        JsonNode ids = answer == null ? null : answer.path("task_ids");
        if (ids == null || ids.size() != 1) {
            throw new ToolHttp.ToolCallException(200, "Label Studio's import answered without the one task id: "
                    + answer, false);
        }
        return ids.get(0).asText();
    }

    @Override
    public void delete(String id) throws ToolHttp.ToolCallException {
        try {
            http.call("DELETE", "/api/tasks/"
                    + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/", null);
        } catch (ToolHttp.ToolCallException e) {
            if (e.status != 404) throw e;
        }
    }
}
