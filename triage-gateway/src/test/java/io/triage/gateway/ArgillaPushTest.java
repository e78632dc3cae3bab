package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review queue pushed to a stand-in for Argilla (2.x) that records what it is sent, checked against Argilla's
 * REST API, authenticated by {@code X-Argilla-Api-Key}: the label question's id from
 * {@code GET /api/v1/datasets/{id}/questions}; records written with {@code PUT /api/v1/datasets/{id}/records/bulk}
 * as {@code {"items": [{"external_id", "fields", "metadata", "suggestions": [{"question_id", "value", "score",
 * "agent", "type"}]}]}}, answered with the records and their ids; deleted with
 * {@code DELETE /api/v1/datasets/{id}/records?ids=…} (the server's API as its source defines it,
 * https://github.com/argilla-io/argilla: argilla-server/src/argilla_server/api/handlers/v1/datasets/records_bulk.py,
 * …/handlers/v1/datasets/records.py, …/handlers/v1/datasets/questions.py, …/schemas/v1/records.py,
 * …/schemas/v1/suggestions.py; the header: argilla/_constants.py API_KEY_HEADER_NAME).
 */
class ArgillaPushTest {
    private static final String KEY = "argilla.apikey-0123456789";
    private static final String DATASET = "4a9d1c6e-2b7f-4e8a-9c3d-5f6a7b8c9d0e";
    private static final String QUESTION = "0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a090";
    private static final ToolPusher.Pace FAST = new ToolPusher.Pace(20, 4, 5, 1_000);
    private final AtomicInteger nextRecord = new AtomicInteger();
    private final RecordingTool tool = new RecordingTool(r -> switch (r.method()) {
        case "GET" -> new RecordingTool.Answer(200, "{\"items\": [{\"id\": \"9b1e0c1d-0000-4000-8000-000000000001\", "
                + "\"name\": \"notes\", \"settings\": {\"type\": \"text\"}}, {\"id\": \"" + QUESTION + "\", \"name\": "
                + "\"label\", \"settings\": {\"type\": \"label_selection\", \"options\": [{\"value\": \"fraud\"}, "
                + "{\"value\": \"ok\"}]}}]}");
        case "PUT" -> new RecordingTool.Answer(200, "{\"items\": [{\"id\": \"rec-" + nextRecord.incrementAndGet()
                + "\", \"fields\": {}, \"metadata\": {}, \"external_id\": null}], \"updated_item_ids\": []}");
        case "DELETE" -> new RecordingTool.Answer(204, null);
        default -> new RecordingTool.Answer(405, null);
    });
    private final AtomicLong now = new AtomicLong(1_000);

    @AfterEach
    void stop() {
        tool.close();
    }

    private ToolPusher pusher(ReviewQueue queue, Path state) {
        return new ToolPusher(ArgillaRecords.connect(tool.url() + "/", DATASET, KEY, "record", "label"),
                PushedItems.load(state), queue, List.of(), () -> true, now::get, FAST);
    }

    private static ReviewQueue queueOf(ReviewRequest... items) {
        ReviewQueue q = new ReviewQueue(60_000);
        for (ReviewRequest r : items) q.offer(r);
        return q;
    }

    /** The one record of a bulk request, by its Triage record id. */
    private Map<String, JsonNode> recordsByRecordId() {
        Map<String, JsonNode> out = new HashMap<>();
        for (RecordingTool.Request r : tool.requests("PUT")) {
            JsonNode items = r.json().path("items");
            assertEquals(1, items.size(), r.body());
            out.put(items.get(0).path("metadata").path("triage_record_id").asText(), items.get(0));
        }
        return out;
    }

    @Test
    void eachOpenItemBecomesOneRecordWithASuggestionExceptForAudits(@TempDir Path dir) throws Exception {
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT),
                Items.appeal("r3")), dir.resolve("records.json"));
        assertTrue(p.round());
        for (RecordingTool.Request r : tool.requests()) assertEquals(KEY, r.argillaKey(), r.toString());
        List<RecordingTool.Request> gets = tool.requests("GET");
        assertEquals(1, gets.size(), "the question's id is looked up once");
        assertEquals("/api/v1/datasets/" + DATASET + "/questions", gets.get(0).path());
        List<RecordingTool.Request> puts = tool.requests("PUT");
        assertEquals(3, puts.size());
        for (RecordingTool.Request r : puts) assertEquals("/api/v1/datasets/" + DATASET + "/records/bulk", r.path());
        Map<String, JsonNode> records = recordsByRecordId();

        JsonNode review = records.get("r1");
        assertEquals("fraud/r1", review.path("external_id").asText());
        assertEquals("fraud", review.path("metadata").path("triage_model").asText());
        assertTrue(review.path("fields").path("record").asText().contains("12.5"), review.toString());
        assertEquals(1, review.path("fields").size(), "only the dataset's field");
        JsonNode suggestion = review.path("suggestions").get(0);
        assertEquals(QUESTION, suggestion.path("question_id").asText());
        assertEquals("fraud", suggestion.path("value").asText());
        assertEquals(0.97, suggestion.path("score").asDouble(), 1e-12);
        assertEquals("model", suggestion.path("type").asText());
        assertTrue(suggestion.path("agent").asText().matches("^(?=.*[a-zA-Z0-9])[a-zA-Z0-9-_:./\\s]+$"),
                "Argilla's agent pattern: " + suggestion);

        JsonNode audit = records.get("r2");
        assertFalse(audit.has("suggestions"), "an audit is blind: " + audit);
        assertFalse(audit.toString().contains("0.97") || audit.toString().contains("AUDIT"), audit.toString());

        JsonNode appeal = records.get("r3");
        assertEquals("fraud/r3/appeal/case-17", appeal.path("external_id").asText());
        String text = appeal.path("fields").path("record").asText();
        assertTrue(text.contains("I did make this payment") && text.contains("Contested decision: ok"), text);
        assertTrue(appeal.has("suggestions"), "an appeal is not blind");

        // a response webhook for the pushed record finds its record again
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree("{\"type\": \"response.created\", \"data\": {\"status\": "
                + "\"submitted\", \"values\": {\"label\": {\"value\": \"ok\"}}, \"user\": {\"username\": \"bob\"}}}");
        ((ObjectNode) event.path("data")).putObject("record").set("metadata", review.path("metadata"));
        assertEquals(new ToolAnswer("fraud", "r1", "bob", "ok"), new ArgillaWebhook("label", Map.of()).answer(event).orElseThrow());
        assertEquals(3, p.stats().path("pushed").asLong());
    }

    @Test
    void theRecordIsDeletedOnceDecidedAndNotPushedAgainAfterARestart(@TempDir Path dir) {
        Path state = dir.resolve("records.json");
        ReviewQueue q = queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT));
        ToolPusher first = pusher(q, state);
        assertTrue(first.round());
        q.decided("fraud", "r1");
        assertTrue(first.round());
        List<RecordingTool.Request> deletes = tool.requests("DELETE");
        assertEquals(1, deletes.size());
        assertEquals("/api/v1/datasets/" + DATASET + "/records", deletes.get(0).path());
        String r1Record = "rec-" + (1 + tool.requests("PUT").indexOf(tool.requests("PUT").stream()
                .filter(r -> r.body().contains("\"r1\"")).findFirst().orElseThrow()));
        assertEquals("ids=" + r1Record, deletes.get(0).query());
        first.close();

        ReviewQueue replayed = queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT));
        replayed.decided("fraud", "r1");
        ToolPusher second = pusher(replayed, state);
        assertTrue(second.round());
        assertEquals(2, tool.requests("PUT").size(), "nothing pushed again after the restart");
        assertEquals(1, tool.requests("DELETE").size());
        assertEquals(1, second.stats().path("open").asLong());
    }

    @Test
    void aCallAnswered503IsTriedAgain(@TempDir Path dir) {
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW)), dir.resolve("records.json"));
        tool.failNext(3);
        assertTrue(p.round());
        assertEquals(3, p.stats().path("retries").asLong(), p.stats().toString());
        assertEquals(1, p.stats().path("pushed").asLong());
        assertEquals(0, p.stats().path("failures").asLong());
    }
}
