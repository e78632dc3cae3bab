package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.event.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review queue pushed to a stand-in for Label Studio that records what it is sent, checked against Label
 * Studio's API: tasks imported with {@code POST /api/projects/{id}/import} as a JSON list of
 * {@code {"data": …, "predictions": [{"result": [choices], "score": …}]}}
 * (https://api.labelstud.io/api-reference/api-reference/projects/import-tasks,
 * https://labelstud.io/guide/predictions.html; {@code return_task_ids} and the {@code task_ids} answer:
 * label_studio/data_import/api.py), deleted with {@code DELETE /api/tasks/{id}/}
 * (https://api.labelstud.io/api-reference/api-reference/tasks/delete), both with {@code Authorization: Token …}.
 */
class LabelStudioPushTest {
    private static final String TOKEN = "ls-api-token-0123456789";
    private final AtomicInteger nextTask = new AtomicInteger(100);
    private final RecordingTool tool = new RecordingTool(r -> switch (r.method()) {
        case "POST" -> new RecordingTool.Answer(201, "{\"task_count\": 1, \"annotation_count\": 0, "
                + "\"prediction_count\": 1, \"duration\": 0.01, \"task_ids\": [" + nextTask.incrementAndGet() + "]}");
        case "DELETE" -> new RecordingTool.Answer(204, null);
        default -> new RecordingTool.Answer(405, null);
    });
    private final AtomicLong now = new AtomicLong(1_000);
    private static final ToolPusher.Pace FAST = new ToolPusher.Pace(20, 4, 5, 1_000);

    @AfterEach
    void stop() {
        tool.close();
    }

    private ToolPusher pusher(ReviewQueue queue, Path state, boolean caughtUp) {
        return new ToolPusher(LabelStudioTasks.connect(tool.url(), 7, TOKEN, "label", "text"),
                PushedItems.load(state), queue, List.of(), () -> caughtUp, now::get, FAST);
    }

    private static ReviewQueue queueOf(io.triage.event.ReviewRequest... items) {
        ReviewQueue q = new ReviewQueue(60_000);
        for (var r : items) q.offer(r);
        return q;
    }

    /** The one task of an import request. */
    private static JsonNode task(RecordingTool.Request r) {
        JsonNode body = r.json();
        assertTrue(body.isArray() && body.size() == 1, "one task per import: " + body);
        return body.get(0);
    }

    private Map<String, JsonNode> tasksByRecord() {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        for (RecordingTool.Request r : tool.requests("POST")) {
            JsonNode t = task(r);
            out.put(t.path("data").path("triage_record_id").asText(), t);
        }
        return out;
    }

    @Test
    void eachOpenItemBecomesOneTaskWithThePredictionExceptForAudits(@TempDir Path dir) throws Exception {
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT),
                Items.appeal("r3")), dir.resolve("tasks.json"), true);
        assertTrue(p.round());
        List<RecordingTool.Request> posts = tool.requests("POST");
        assertEquals(3, posts.size(), posts.toString());
        for (RecordingTool.Request r : posts) {
            assertEquals("/api/projects/7/import", r.path());
            assertEquals("return_task_ids=true", r.query());
            assertEquals("Token " + TOKEN, r.authorization());
        }
        Map<String, JsonNode> tasks = tasksByRecord();

        JsonNode review = tasks.get("r1");
        assertEquals("fraud", review.path("data").path("triage_model").asText());
        assertEquals(12.5, review.path("data").path("amount").asDouble(), 0.0, "the record's fields are task data");
        assertTrue(review.path("data").path("triage_text").asText().contains("12.5"));
        JsonNode prediction = review.path("predictions").get(0);
        assertEquals(0.97, prediction.path("score").asDouble(), 1e-12);
        assertEquals(Json.MAPPER.readTree("[{\"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"choices\", "
                + "\"value\": {\"choices\": [\"fraud\"]}}]"), prediction.path("result"));

        JsonNode audit = tasks.get("r2");
        assertFalse(audit.has("predictions"), "an audit is blind: " + audit);
        assertFalse(audit.toString().contains("0.97") || audit.toString().contains("AUDIT"), audit.toString());
        assertEquals("r2", audit.path("data").path("triage_record_id").asText());

        JsonNode appeal = tasks.get("r3").path("data");
        assertEquals("ok", appeal.path("triage_appeal_decision").asText(), "an appeal shows the contested decision");
        assertEquals("I did make this payment", appeal.path("triage_appeal_reason").asText());
        assertEquals("alice", appeal.path("triage_appeal_annotator").asText());
        assertTrue(tasks.get("r3").has("predictions"), "an appeal is not blind");

        // the webhook of an annotation of the pushed task finds its record again
        ObjectNode event = Json.MAPPER.createObjectNode().put("action", "ANNOTATION_CREATED");
        event.set("task", Json.MAPPER.createObjectNode().set("data", review.path("data")));
        event.set("annotation", Json.MAPPER.readTree("{\"id\": 1, \"completed_by\": 17, \"result\": [{\"from_name\": "
                + "\"label\", \"to_name\": \"text\", \"type\": \"choices\", \"value\": {\"choices\": [\"ok\"]}}]}"));
        assertEquals(new ToolAnswer("fraud", "r1", "bob", "ok"),
                new LabelStudioWebhook("label", Map.of("17", "bob")).answer(event).orElseThrow());

        assertEquals(3, p.stats().path("pushed").asLong());
        assertEquals(3, p.stats().path("open").asLong());
        assertTrue(p.round());
        assertEquals(3, tool.requests("POST").size(), "pushed once");
    }

    @Test
    void theTaskIsDeletedOnceTheRecordIsDecidedOrItsReviewExpired(@TempDir Path dir) {
        ReviewQueue q = queueOf(Items.review("r1", Route.REVIEW), Items.appeal("r3"));
        ToolPusher p = pusher(q, dir.resolve("tasks.json"), true);
        assertTrue(p.round());
        List<RecordingTool.Request> posts = tool.requests("POST");
        int r1Id = 101 + posts.indexOf(posts.stream().filter(r -> task(r).path("data").path("triage_record_id").asText()
                .equals("r1")).findFirst().orElseThrow()); // the stand-in numbers its tasks from 101

        q.decided("fraud", "r1");
        assertTrue(p.round());
        List<RecordingTool.Request> deletes = tool.requests("DELETE");
        assertEquals(1, deletes.size(), deletes.toString());
        assertEquals("/api/tasks/" + r1Id + "/", deletes.get(0).path());
        assertEquals("Token " + TOKEN, deletes.get(0).authorization());
        assertEquals(1, p.stats().path("deleted").asLong());

        // an appeal nobody answered leaves at its deadline (no decision closes it)
        now.set(Items.DEADLINE + 1);
        assertTrue(p.round());
        assertEquals(2, tool.requests("DELETE").size());
        assertEquals(0, p.stats().path("open").asLong());
    }

    @Test
    void aRestartedGatewayDoesNotPushAnItemAgain(@TempDir Path dir) {
        Path state = dir.resolve("tasks.json");
        ToolPusher first = pusher(queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT)), state, true);
        assertTrue(first.round());
        first.close();
        assertEquals(2, tool.requests("POST").size());

        // the restarted gateway reads the topics again: r1 was decided meanwhile, r4 is new
        ReviewQueue replayed = queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.AUDIT),
                Items.review("r4", Route.REVIEW));
        replayed.decided("fraud", "r1");
        ToolPusher second = pusher(replayed, state, true);
        assertTrue(second.round());
        List<RecordingTool.Request> posts = tool.requests("POST");
        assertEquals(3, posts.size(), "only r4 is new: " + posts);
        assertEquals("r4", task(posts.get(2)).path("data").path("triage_record_id").asText());
        assertEquals(1, tool.requests("DELETE").size(), "r1's task, pushed before the restart, is deleted after it");
        second.close();
    }

    @Test
    void nothingIsPushedBeforeTheTopicsAreReadToTheirEnd(@TempDir Path dir) {
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW)), dir.resolve("tasks.json"), false);
        assertTrue(p.round());
        assertEquals(List.of(), tool.requests());
    }

    @Test
    void aCallAnswered503IsTriedAgain(@TempDir Path dir) {
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW)), dir.resolve("tasks.json"), true);
        tool.failNext(2);
        assertTrue(p.round());
        assertEquals(3, tool.requests("POST").size(), "two 503s, then the import");
        assertEquals(2, p.stats().path("retries").asLong());
        assertEquals(0, p.stats().path("failures").asLong());
        assertEquals(1, p.stats().path("pushed").asLong());
    }

    @Test
    void aToolThatStaysDownEndsTheRoundAndIsCountedNotThrown(@TempDir Path dir) {
        Path state = dir.resolve("tasks.json");
        ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW), Items.review("r2", Route.REVIEW)), state, true);
        tool.failNext(100);
        assertFalse(p.round());
        assertEquals(4, tool.requests("POST").size(), "four calls of the first push, then the round ends");
        assertEquals(1, p.stats().path("failures").asLong());
        assertTrue(p.stats().path("lastError").asText().contains("503"), p.stats().toString());
        tool.failNext(0);
        assertTrue(p.round());
        assertEquals(2, p.stats().path("pushed").asLong());

        // no server at all: the connection is refused
        ToolPusher nowhere = new ToolPusher(LabelStudioTasks.connect("http://127.0.0.1:1", 7, TOKEN, "label", "text"),
                PushedItems.load(dir.resolve("other.json")), queueOf(Items.review("r1", Route.REVIEW)),
                List.of(), () -> true, now::get, FAST);
        assertFalse(nowhere.round());
        assertEquals(1, nowhere.stats().path("failures").asLong());
    }

    @Test
    void aRefusedPushIsCountedAndTheOtherItemsStillGo(@TempDir Path dir) {
        try (RecordingTool refusing = new RecordingTool(r -> r.body().contains("\"r1\"")
                ? new RecordingTool.Answer(400, "{\"detail\": \"data lacks $text\"}")
                : new RecordingTool.Answer(201, "{\"task_count\": 1, \"task_ids\": [5]}"))) {
            ToolPusher p = new ToolPusher(LabelStudioTasks.connect(refusing.url(), 7, TOKEN, "label", "text"),
                    PushedItems.load(dir.resolve("tasks.json")), queueOf(Items.review("r1", Route.REVIEW),
                    Items.review("r2", Route.REVIEW)), List.of(), () -> true, now::get, FAST);
            assertTrue(p.round());
            assertEquals(2, refusing.requests().size(), "a 400 is not retried");
            assertEquals(1, p.stats().path("failures").asLong());
            assertEquals(1, p.stats().path("pushed").asLong());
            assertTrue(p.round());
            assertEquals(2, refusing.requests().size(), "the refused item waits");
        }
    }

    @Test
    void theWorkerPushesOnItsOwnThread(@TempDir Path dir) throws Exception {
        try (ToolPusher p = pusher(queueOf(Items.review("r1", Route.REVIEW)), dir.resolve("tasks.json"), true).start()) {
            long until = System.nanoTime() + 10_000_000_000L;
            while (tool.requests("POST").isEmpty() && System.nanoTime() < until) Thread.sleep(20);
            assertEquals(1, tool.requests("POST").size());
        }
    }
}
