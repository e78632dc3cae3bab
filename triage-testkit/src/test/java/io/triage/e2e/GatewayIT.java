package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.gateway.ArgillaRecords;
import io.triage.gateway.ArgillaWebhook;
import io.triage.gateway.Gateway;
import io.triage.gateway.LabelStudioTasks;
import io.triage.gateway.LabelStudioWebhook;
import io.triage.gateway.RecordingTool;
import io.triage.gateway.ToolPusher;
import io.triage.gateway.GatewayServer;
import io.triage.gateway.StandardWebhook;
import io.triage.testkit.chaos.CommittedOutputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People label through the gateway, the job learns: the job on a MiniCluster against the in-process broker, the
 * gateway beside it, and two reviewers who only speak HTTP (java.net.http against the real endpoints). Checked on
 * the job's committed outputs, not on what the gateway says: each label posted is a LABELED event with its
 * reviewer, and the model moved. A reviewer cannot take another's item, label as someone else, or label an
 * unknown class; a restarted gateway does not offer a labeled item again.
 */
class GatewayIT {
    private static final int RECORDS = 400;
    private static final int LABELS = 60;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return checked(path, null, http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Every answer of the gateway (and every body it takes or refuses for its shape) against schemas/gateway. */
    private static HttpResponse<String> checked(String path, String body, HttpResponse<String> r) throws Exception {
        GatewaySchemas.check(path, body, r.statusCode(), r.body());
        return r;
    }

    private HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return checked(path, body, http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static String label(String recordId, String cls) {
        return Json.MAPPER.createObjectNode().put("model", "fraud").put("recordId", recordId).put("label", cls).toString();
    }

    @Test
    void reviewersLabelThroughTheGatewayAndTheJobLearns(@TempDir Path dir) throws Exception {
        Map<String, String> labeledBy = new HashMap<>();
        try (GatewayFixture f = new GatewayFixture(dir, "gw-", RECORDS, 100)) {
            int port = f.gateway.port();
            Map<String, String> tokens = f.tokens;
            assertEquals(401, get(port, "/v1/queue", null).statusCode(), "no token, no queue");
            assertEquals(401, get(port, "/v1/queue", "not-a-token").statusCode());
            assertEquals(200, get(port, "/v1/health", null).statusCode());
            // bodies refused for their shape (post() checks that the labels-request schema refuses them too)
            for (String bad : List.of("{\"model\":\"fraud\"}", "{\"model\":\"fraud\",\"recordId\":7,\"label\":\"fraud\"}",
                    "[\"fraud\"]", "{\"model\":\" \",\"recordId\":\"tx-1\",\"label\":\"fraud\"}", "not json")) {
                HttpResponse<String> r = post(port, "/v1/labels", tokens.get("alice"), bad);
                assertEquals(400, r.statusCode(), bad + " → " + r.body());
            }

            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            boolean checkedExclusive = false, checkedClass = false;
            while (labeledBy.size() < LABELS && System.nanoTime() < deadline) {
                for (String who : GatewayFixture.REVIEWERS) {
                    HttpResponse<String> q = get(port, "/v1/queue?model=fraud&limit=5", tokens.get(who));
                    assertEquals(200, q.statusCode(), q.body());
                    for (JsonNode item : Json.MAPPER.readTree(q.body()).path("items")) {
                        String id = item.path("recordId").asText();
                        String other = who.equals("alice") ? "bob" : "alice";
                        if (!checkedExclusive) {
                            HttpResponse<String> taken = post(port, "/v1/labels", tokens.get(other), label(id, "legit"));
                            assertEquals(409, taken.statusCode(), "another reviewer's item: " + taken.body());
                            assertTrue(taken.body().contains("leased-to-another"), taken.body());
                            checkedExclusive = true;
                        }
                        if (!checkedClass) {
                            assertEquals(400, post(port, "/v1/labels", tokens.get(who), label(id, "maybe")).statusCode());
                            checkedClass = true;
                        }
                        String truth = f.truth(id);
                        HttpResponse<String> r = post(port, "/v1/labels", tokens.get(who), label(id, truth));
                        assertEquals(202, r.statusCode(), r.body());
                        labeledBy.put(id, who);
                        assertEquals(409, post(port, "/v1/labels", tokens.get(who), label(id, truth)).statusCode(),
                                "labeled once");
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(labeledBy.size() >= LABELS, "labeled " + labeledBy.size() + " items through the gateway");
            JsonNode stats = Json.MAPPER.readTree(get(port, "/v1/stats", tokens.get("alice")).body());
            long counted = stats.path("reviewers").path("alice").path("labels").asLong()
                    + stats.path("reviewers").path("bob").path("labels").asLong();
            assertEquals(labeledBy.size(), counted, stats.toString());
            assertEquals("alice", stats.path("you").asText());

            // a reviewer changes their answer within the correction window: a correction, with its own event id;
            // someone else's other class, and a retry of the same correction, are refused
            List<String> corrected = labeledBy.keySet().stream().sorted().limit(3).toList();
            for (String id : corrected) {
                String who = labeledBy.get(id);
                String other = "fraud".equals(f.truth(id)) ? "legit" : "fraud";
                String notWho = who.equals("alice") ? "bob" : "alice";
                assertEquals(409, post(port, "/v1/labels", tokens.get(notWho), label(id, other)).statusCode(),
                        "not theirs to correct");
                HttpResponse<String> c = post(port, "/v1/labels", tokens.get(who), label(id, other));
                assertEquals(202, c.statusCode(), c.body());
                JsonNode cb = Json.MAPPER.readTree(c.body());
                assertEquals(f.truth(id), cb.path("corrects").asText(), c.body());
                assertTrue(cb.path("eventId").asText().endsWith("-c1"), c.body());
                assertEquals(409, post(port, "/v1/labels", tokens.get(who), label(id, other)).statusCode(),
                        "the same answer again");
            }

            // the job's committed outputs: every label posted became a LABELED event by its reviewer
            Map<String, String> committed = f.committedLabels(labeledBy, Duration.ofMinutes(1));
            for (Map.Entry<String, String> e : labeledBy.entrySet()) {
                assertEquals(e.getValue(), committed.get(e.getKey()), "LABELED event of " + e.getKey());
            }
            CommittedOutputs out = f.outputs();
            long versions = out.models.stream().mapToLong(m -> m.path("version").asLong()).max().orElse(0);
            assertTrue(versions >= labeledBy.size(), "model versions " + versions + " for " + labeledBy.size() + " labels");
            assertTrue(out.deadLetter.isEmpty(), "no label refused: " + out.deadLetter);
            // each correction amended its record's decision and relabelled the model
            long waitAmended = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> amended = new HashSet<>();
            while (System.nanoTime() < waitAmended) {
                amended.clear();
                for (JsonNode d : out.decisions) {
                    if (d.hasNonNull("supersedes") && !d.hasNonNull("appealId")) amended.add(d.path("recordId").asText());
                }
                if (amended.containsAll(corrected)) break;
                Thread.sleep(1000);
                out = f.outputs();
            }
            assertTrue(amended.containsAll(corrected), "amended decisions " + amended + " for " + corrected);
            Set<String> relabeled = new HashSet<>();
            for (JsonNode m : out.models) if (m.hasNonNull("replacedLabel")) relabeled.add(m.path("lastRecordId").asText());
            assertTrue(relabeled.containsAll(corrected), "relabel versions " + relabeled + " for " + corrected);

            // a restarted gateway reads the topics again and offers none of the labeled items
            f.gateway.close();
            f.gateway = f.startGateway();
            long wait = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!f.gateway.caughtUp() && System.nanoTime() < wait) Thread.sleep(100);
            assertTrue(f.gateway.caughtUp(), "caught up with the topics");
            Set<String> offered = new HashSet<>();
            JsonNode q = Json.MAPPER.readTree(get(f.gateway.port(), "/v1/queue?limit=50", tokens.get("alice")).body());
            for (JsonNode item : q.path("items")) offered.add(item.path("recordId").asText());
            offered.retainAll(labeledBy.keySet());
            assertEquals(Set.of(), offered, "labeled items offered again after a restart");
            // what a reviewer answered is kept in memory only: after a restart the gateway can no longer correct it
            String id0 = corrected.get(0);
            assertEquals(409, post(f.gateway.port(), "/v1/labels", tokens.get(labeledBy.get(id0)),
                    label(id0, f.truth(id0))).statusCode());
        }
    }

    /**
     * With {@code review.consensus} asking three labels of every human item, the gateway leases an item to three
     * reviewers at once and to no fourth, never to one who labeled it, and stops offering it once the three labels
     * are in; the job decides it by their majority (three committed CONSENSUS_VOTE events, one per reviewer).
     */
    @Test
    void aConsensusItemIsLeasedToAsManyReviewersAsItNeedsLabels(@TempDir Path dir) throws Exception {
        List<String> team = List.of("alice", "bob", "carol", "dave");
        Map<String, Integer> three = Map.of("audit", 3, "review", 3, "cold_start", 3, "active", 3, "stale", 3);
        try (GatewayFixture f = new GatewayFixture(dir, "gwconsensus-", 40, 100, Gateway.Settings.local(0), team,
                s -> s.withReview(s.review().withConsensus(new io.triage.spec.ConsensusSpec(three,
                        io.triage.spec.ConsensusRule.MAJORITY, null))))) {
            int port = f.gateway.port();
            Set<String> items = new HashSet<>();
            long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (items.size() < 3 && System.nanoTime() < until) {
                for (JsonNode item : queue(port, f.tokens.get("alice"), 3)) items.add(item.path("recordId").asText());
                Thread.sleep(200);
            }
            assertTrue(items.size() >= 3, "alice got items: " + items);
            Set<String> held = new HashSet<>();
            for (JsonNode item : queue(port, f.tokens.get("alice"), 3)) held.add(item.path("recordId").asText());
            assertEquals(items, held, "alice's leases, nothing more");
            for (String who : List.of("bob", "carol")) {
                Set<String> got = new HashSet<>();
                for (JsonNode item : queue(port, f.tokens.get(who), 50)) got.add(item.path("recordId").asText());
                assertTrue(got.containsAll(items), who + " is offered alice's items too: " + got + " " + items);
            }
            Set<String> dave = new HashSet<>();
            for (JsonNode item : queue(port, f.tokens.get("dave"), 50)) dave.add(item.path("recordId").asText());
            Set<String> overlap = new HashSet<>(dave);
            overlap.retainAll(items);
            assertEquals(Set.of(), overlap, "a fourth reviewer is offered an item three hold");
            String first = items.iterator().next();
            HttpResponse<String> fourth = post(port, "/v1/labels", f.tokens.get("dave"), label(first, f.truth(first)));
            assertEquals(409, fourth.statusCode(), fourth.body());
            assertTrue(fourth.body().contains("leased-to-another"), fourth.body());

            Map<String, String> decidedBy = new HashMap<>();
            for (String id : items) {
                for (String who : List.of("alice", "bob", "carol")) {
                    HttpResponse<String> r = post(port, "/v1/labels", f.tokens.get(who), label(id, f.truth(id)));
                    assertEquals(202, r.statusCode(), who + " " + r.body());
                    if (who.equals("alice")) {
                        for (JsonNode item : queue(port, f.tokens.get("alice"), 50)) {
                            assertFalse(id.equals(item.path("recordId").asText()), "offered again to who labeled it");
                        }
                        HttpResponse<String> again = post(port, "/v1/labels", f.tokens.get("alice"), label(id, f.truth(id)));
                        assertEquals(409, again.statusCode(), again.body());
                    }
                }
                decidedBy.put(id, "alice"); // the first vote of the majority class is the decision's
            }
            for (JsonNode item : queue(port, f.tokens.get("dave"), 50)) {
                assertFalse(items.contains(item.path("recordId").asText()), "three labels in: offered no more");
            }

            Map<String, String> committed = f.committedLabels(decidedBy, Duration.ofMinutes(1));
            assertTrue(committed.keySet().containsAll(items), "decided: " + committed.keySet() + " of " + items);
            for (String id : items) {
                Set<String> voters = new HashSet<>();
                for (JsonNode v : f.outputs().audit("CONSENSUS_VOTE")) {
                    if (id.equals(v.path("recordId").asText())) voters.add(v.path("annotator").asText());
                }
                assertEquals(Set.of("alice", "bob", "carol"), voters, "the votes of " + id);
            }
            assertTrue(f.outputs().deadLetter.isEmpty(), "no label refused: " + f.outputs().deadLetter);
        }
    }

    private List<JsonNode> queue(int port, String token, int limit) throws Exception {
        HttpResponse<String> q = get(port, "/v1/queue?model=fraud&limit=" + limit, token);
        assertEquals(200, q.statusCode(), q.body());
        List<JsonNode> out = new ArrayList<>();
        Json.MAPPER.readTree(q.body()).path("items").forEach(out::add);
        return out;
    }

    /**
     * An appeal filed over HTTP by the system that files them (its own token): the record comes back to the queue
     * as an appeal, not blind, offered to everyone but the reviewer who decided it, and another reviewer's answer
     * amends the decision.
     */
    @Test
    void anAppealFiledOverHttpIsReviewedByAnotherReviewerAndAmendsTheDecision(@TempDir Path dir) throws Exception {
        String appealsToken = "appeals-client-token-42";
        try (GatewayFixture f = new GatewayFixture(dir, "gwappeal-", 200, 100,
                Gateway.Settings.local(0).withAppealsToken(appealsToken))) {
            int port = f.gateway.port();
            // alice decides one record
            String id = null;
            long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (id == null && System.nanoTime() < until) {
                for (JsonNode item : Json.MAPPER.readTree(get(port, "/v1/queue?limit=1", f.tokens.get("alice")).body()).path("items")) {
                    id = item.path("recordId").asText();
                    assertEquals(202, post(port, "/v1/labels", f.tokens.get("alice"), label(id, f.truth(id))).statusCode());
                }
                Thread.sleep(200);
            }
            assertTrue(id != null, "alice got an item");
            String decided = id;
            JsonNode first = awaitDecision(f, decided, "REVIEW", "COLD_START", "AUDIT", "STALE", "ACTIVE");
            assertEquals("alice", first.path("annotator").asText());

            String body = Json.MAPPER.createObjectNode().put("recordId", decided).put("reason", "I did make this payment")
                    .put("appellant", "case-17").put("appealId", "case-17-appeal").toString();
            assertEquals(401, post(port, "/v1/appeals", f.tokens.get("bob"), body).statusCode(), "a reviewer's token files no appeal");
            HttpResponse<String> filed = post(port, "/v1/appeals", appealsToken, body);
            assertEquals(202, filed.statusCode(), filed.body());
            assertTrue(filed.body().contains("case-17-appeal"), filed.body());

            // bob finds it in his queue, with the contested decision; alice never gets it and may not answer it
            JsonNode appealItem = null;
            until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (appealItem == null && System.nanoTime() < until) {
                for (JsonNode item : Json.MAPPER.readTree(get(port, "/v1/queue?limit=50", f.tokens.get("alice")).body()).path("items")) {
                    assertFalse(decided.equals(item.path("recordId").asText()), "alice is offered an appeal of her own decision");
                    post(port, "/v1/labels", f.tokens.get("alice"), Json.MAPPER.createObjectNode().put("model", "fraud")
                            .put("recordId", item.path("recordId").asText()).put("skip", true).toString());
                }
                for (JsonNode item : Json.MAPPER.readTree(get(port, "/v1/queue?limit=50", f.tokens.get("bob")).body()).path("items")) {
                    if (decided.equals(item.path("recordId").asText())) {
                        appealItem = item;
                    } else { // bob lets the others go, so that his leases do not fill his queue
                        post(port, "/v1/labels", f.tokens.get("bob"), Json.MAPPER.createObjectNode().put("model", "fraud")
                                .put("recordId", item.path("recordId").asText()).put("skip", true).toString());
                    }
                }
                Thread.sleep(300);
            }
            assertTrue(appealItem != null, "the appeal reached the queue: " + f.outputs().audit.stream()
                    .filter(e -> e.path("type").asText().startsWith("APPEAL")).toList() + " "
                    + f.outputs().reviewRequests.stream().filter(r -> "APPEAL".equals(r.path("reason").asText())).toList()
                    + " dead " + f.outputs().deadLetter);
            assertEquals("APPEAL", appealItem.path("reason").asText());
            assertEquals(first.path("decision").asText(), appealItem.path("appeal").path("decision").asText());
            assertEquals("alice", appealItem.path("appeal").path("annotator").asText());
            assertEquals("I did make this payment", appealItem.path("appeal").path("reason").asText());
            String other = "fraud".equals(first.path("decision").asText()) ? "legit" : "fraud";
            HttpResponse<String> own = post(port, "/v1/labels", f.tokens.get("alice"), label(decided, other));
            assertEquals(403, own.statusCode(), own.body());
            assertTrue(own.body().contains("party-to-appeal"), own.body());
            assertEquals(202, post(port, "/v1/labels", f.tokens.get("bob"), label(decided, other)).statusCode());

            JsonNode amended = awaitDecision(f, decided, "APPEAL");
            assertEquals(other, amended.path("decision").asText());
            assertEquals("bob", amended.path("annotator").asText());
            assertEquals(first.path("decidedAt").asLong(), amended.path("supersedes").asLong());
            assertEquals("case-17-appeal", amended.path("appealId").asText());
            // the appeal decided it: alice's change of her answer is no correction any more, though in the window
            HttpResponse<String> late = post(port, "/v1/labels", f.tokens.get("alice"), label(decided, other));
            assertEquals(409, late.statusCode(), late.body());
        }
    }

    /**
     * The open items pushed to a Label Studio and an Argilla (stand-ins that record what they are sent): one task and
     * one record per item, blind for audits; alice labels some through the console's API, the job decides them, and
     * their task and record are deleted; a restarted gateway pushes none of them again.
     */
    @Test
    void openItemsArePushedToLabelingToolsAndLeaveThemOnceDecided(@TempDir Path dir) throws Exception {
        Map<String, String> taskOf = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> recordOf = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        try (RecordingTool ls = new RecordingTool(r -> {
                 if (!r.method().equals("POST")) return new RecordingTool.Answer(204, null);
                 String id = Integer.toString(ids.incrementAndGet());
                 taskOf.put(r.json().get(0).path("data").path("triage_record_id").asText(), id);
                 return new RecordingTool.Answer(201, "{\"task_count\": 1, \"task_ids\": [" + id + "]}");
             });
             RecordingTool argilla = new RecordingTool(r -> switch (r.method()) {
                 case "GET" -> new RecordingTool.Answer(200, "{\"items\": [{\"id\": \"q-1\", \"name\": \"label\"}]}");
                 case "PUT" -> {
                     String id = "rec-" + ids.incrementAndGet();
                     recordOf.put(r.json().path("items").get(0).path("metadata").path("triage_record_id").asText(), id);
                     yield new RecordingTool.Answer(200, "{\"items\": [{\"id\": \"" + id + "\"}]}");
                 }
                 default -> new RecordingTool.Answer(204, null);
             })) {
            ToolPusher.Pace pace = new ToolPusher.Pace(200, 4, 100, 5_000);
            Gateway.Settings settings = Gateway.Settings.local(0)
                    .withPush(new Gateway.Push(LabelStudioTasks.connect(ls.url(), 7, "ls-token", "label", "text"),
                            dir.resolve("label-studio-tasks.json"), pace))
                    .withPush(new Gateway.Push(ArgillaRecords.connect(argilla.url(), "ds-1", "argilla-key", "record", "label"),
                            dir.resolve("argilla-records.json"), pace));
            try (GatewayFixture f = new GatewayFixture(dir, "push-", 200, 100, settings)) {
                int port = f.gateway.port();
                long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while ((taskOf.size() < 5 || recordOf.size() < 5) && System.nanoTime() < until) Thread.sleep(200);
                assertTrue(taskOf.size() >= 5 && recordOf.size() >= 5, "pushed " + taskOf.size() + " tasks, "
                        + recordOf.size() + " records");

                // alice labels three pushed items through the gateway; the job decides them
                Set<String> labeled = new HashSet<>();
                until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (labeled.size() < 3 && System.nanoTime() < until) {
                    for (JsonNode item : Json.MAPPER.readTree(get(port, "/v1/queue?limit=50", f.tokens.get("alice")).body()).path("items")) {
                        String id = item.path("recordId").asText();
                        if (labeled.size() < 3 && taskOf.containsKey(id) && recordOf.containsKey(id)) {
                            assertEquals(202, post(port, "/v1/labels", f.tokens.get("alice"), label(id, f.truth(id))).statusCode());
                            labeled.add(id);
                        }
                    }
                    Thread.sleep(200);
                }
                assertEquals(3, labeled.size(), "alice labeled pushed items");
                Set<String> deletedTasks = new HashSet<>(), deletedRecords = new HashSet<>();
                Set<String> wantTasks = new HashSet<>(), wantRecords = new HashSet<>();
                for (String id : labeled) {
                    wantTasks.add("/api/tasks/" + taskOf.get(id) + "/");
                    wantRecords.add("ids=" + recordOf.get(id));
                }
                until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (!(deletedTasks.containsAll(wantTasks) && deletedRecords.containsAll(wantRecords))
                        && System.nanoTime() < until) {
                    Thread.sleep(200);
                    ls.requests("DELETE").forEach(r -> deletedTasks.add(r.path()));
                    argilla.requests("DELETE").forEach(r -> deletedRecords.add(r.query()));
                }
                assertTrue(deletedTasks.containsAll(wantTasks), "Label Studio tasks deleted: " + deletedTasks + " of " + wantTasks);
                assertTrue(deletedRecords.containsAll(wantRecords), "Argilla records deleted: " + deletedRecords + " of " + wantRecords);
                for (String id : labeled) awaitDecision(f, id, "REVIEW", "COLD_START", "AUDIT", "STALE", "ACTIVE");

                // a task carries the model's prediction when there is one, and never for an audit
                Map<String, JsonNode> requests = new HashMap<>();
                for (JsonNode r : f.outputs().reviewRequests) requests.putIfAbsent(r.path("recordId").asText(), r);
                for (RecordingTool.Request r : ls.requests("POST")) {
                    JsonNode task = r.json().get(0);
                    JsonNode request = requests.get(task.path("data").path("triage_record_id").asText());
                    boolean shown = !"AUDIT".equals(request.path("reason").asText()) && request.hasNonNull("predicted");
                    assertEquals(shown, task.has("predictions"), request + " → " + task);
                }

                JsonNode stats = Json.MAPPER.readTree(get(port, "/v1/stats", f.tokens.get("alice")).body()).path("push");
                assertTrue(stats.path("labelStudio").path("pushed").asLong() >= 5, stats.toString());
                assertTrue(stats.path("argilla").path("deleted").asLong() >= 3, stats.toString());

                // a restarted gateway pushes nothing it pushed before
                f.gateway.close();
                f.gateway = f.startGateway();
                long wait = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!f.gateway.caughtUp() && System.nanoTime() < wait) Thread.sleep(100);
                Thread.sleep(3_000); // rounds of the new pushers
                List<String> pushedTasks = ls.requests("POST").stream()
                        .map(r -> r.json().get(0).path("data").path("triage_record_id").asText()).toList();
                assertEquals(new HashSet<>(pushedTasks).size(), pushedTasks.size(), "a record pushed twice: " + pushedTasks);
                List<String> pushedRecords = argilla.requests("PUT").stream()
                        .map(r -> r.json().path("items").get(0).path("external_id").asText()).toList();
                assertEquals(new HashSet<>(pushedRecords).size(), pushedRecords.size(), "pushed twice: " + pushedRecords);
                for (RecordingTool.Request r : ls.requests()) assertEquals("Token ls-token", r.authorization());
                for (RecordingTool.Request r : argilla.requests()) assertEquals("argilla-key", r.argillaKey());
            }
        }
    }

    /** The committed decision of {@code recordId} whose route is one of {@code routes}. */
    private static JsonNode awaitDecision(GatewayFixture f, String recordId, String... routes) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < until) {
            for (JsonNode d : f.outputs().decisions) {
                if (recordId.equals(d.path("recordId").asText()) && List.of(routes).contains(d.path("route").asText())) return d;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no decision of " + recordId + " by route " + List.of(routes));
    }

    /**
     * A team labeling in Argilla: its response webhooks, signed by the Standard Webhooks scheme, become labels of
     * the reviewer the Argilla user maps to. A bad signature is refused, a redelivery is not applied twice, a
     * discarded response is a skip.
     */
    @Test
    void argillaResponsesBecomeLabels(@TempDir Path dir) throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-webhook-secret-of-32-bytes!!!!".getBytes());
        StandardWebhook signer = new StandardWebhook(secret);
        GatewayServer.ArgillaEndpoint argilla = new GatewayServer.ArgillaEndpoint(signer,
                new ArgillaWebhook("label", Map.of("argilla-bob", "bob")));
        Map<String, String> answered = new HashMap<>();
        try (GatewayFixture f = new GatewayFixture(dir, "argilla-", 200, 100, Gateway.Settings.local(0).withArgilla(argilla))) {
            int port = f.gateway.port();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            int delivery = 0;
            boolean checkedSignature = false, checkedRedelivery = false, checkedSkip = false, checkedUpdate = false;
            String corrected = null;
            while (answered.size() < 20 && System.nanoTime() < deadline) {
                for (String id : releasedByAlice(f, port)) {
                    boolean discard = !checkedSkip;
                    String body = argillaResponse(discard ? "discarded" : "submitted", f.truth(id), "argilla-bob", id);
                    String msgId = "msg_" + (++delivery);
                    long ts = System.currentTimeMillis() / 1000;
                    String sig = "v1," + java.util.Base64.getEncoder().encodeToString(
                            signer.sign(msgId, ts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    if (!checkedSignature) {
                        assertEquals(401, webhook(port, msgId, ts, "v1,AAAA", body).statusCode(), "a forged signature");
                        checkedSignature = true;
                    }
                    HttpResponse<String> r = webhook(port, msgId, ts, sig, body);
                    if (discard) {
                        assertEquals(200, r.statusCode(), r.body());
                        assertTrue(r.body().contains("skipped"), r.body());
                        checkedSkip = true;
                        continue;
                    }
                    assertEquals(202, r.statusCode(), r.body());
                    answered.put(id, "bob");
                    if (!checkedUpdate) {
                        // the annotator changes the response in Argilla: response.updated is a correction
                        String other = "fraud".equals(f.truth(id)) ? "legit" : "fraud";
                        String update = argillaResponse("submitted", other, "argilla-bob", id)
                                .replace("response.created", "response.updated");
                        String updateId = "msg_" + (++delivery);
                        String updateSig = "v1," + java.util.Base64.getEncoder().encodeToString(
                                signer.sign(updateId, ts, update.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        HttpResponse<String> u = webhook(port, updateId, ts, updateSig, update);
                        assertEquals(202, u.statusCode(), u.body());
                        assertEquals(f.truth(id), Json.MAPPER.readTree(u.body()).path("corrects").asText(), u.body());
                        corrected = id;
                        checkedUpdate = true;
                    }
                    if (!checkedRedelivery) {
                        HttpResponse<String> again = webhook(port, msgId, ts, sig, body);
                        assertEquals(200, again.statusCode(), again.body());
                        assertTrue(again.body().contains("duplicate-delivery"), again.body());
                        checkedRedelivery = true;
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(answered.size() >= 20, "answered through Argilla's webhook: " + answered.size());
            assertCommittedAs(f, answered, "bob");
            assertAmended(f, corrected);
        }
    }

    /**
     * A team labeling in Label Studio: its annotation webhooks, sent with the token the webhook settings add, become
     * labels of the reviewer the Label Studio user maps to. A wrong token and an unmapped user are refused, a
     * redelivery is not applied twice, a cancelled (skipped) annotation is a skip.
     */
    @Test
    void labelStudioAnnotationsBecomeLabels(@TempDir Path dir) throws Exception {
        String token = "ls-webhook-token-0123456789";
        GatewayServer.LabelStudioEndpoint ls = new GatewayServer.LabelStudioEndpoint(token,
                new LabelStudioWebhook("label", Map.of("17", "bob")));
        Map<String, String> answered = new HashMap<>();
        try (GatewayFixture f = new GatewayFixture(dir, "labelstudio-", 200, 100,
                Gateway.Settings.local(0).withLabelStudio(ls))) {
            int port = f.gateway.port();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            int annotation = 0;
            boolean checkedToken = false, checkedRedelivery = false, checkedSkip = false, checkedUser = false,
                    checkedUpdate = false;
            String corrected = null;
            while (answered.size() < 20 && System.nanoTime() < deadline) {
                for (String id : releasedByAlice(f, port)) {
                    boolean cancel = !checkedSkip;
                    String body = labelStudioAnnotation(++annotation, cancel, f.truth(id), 17, id);
                    if (!checkedToken) {
                        assertEquals(401, labelStudioWebhook(port, "Token not-the-token", body).statusCode(), "a wrong token");
                        assertEquals(401, labelStudioWebhook(port, null, body).statusCode(), "no token");
                        checkedToken = true;
                    }
                    if (!checkedUser) {
                        HttpResponse<String> r = labelStudioWebhook(port, "Token " + token,
                                labelStudioAnnotation(++annotation, false, f.truth(id), 99, id));
                        assertEquals(400, r.statusCode(), r.body());
                        assertTrue(r.body().contains("unknown-user"), r.body());
                        checkedUser = true;
                    }
                    HttpResponse<String> r = labelStudioWebhook(port, "Token " + token, body);
                    if (cancel) {
                        assertEquals(200, r.statusCode(), r.body());
                        assertTrue(r.body().contains("skipped"), r.body());
                        checkedSkip = true;
                        continue;
                    }
                    assertEquals(202, r.statusCode(), r.body());
                    answered.put(id, "bob");
                    if (!checkedUpdate) {
                        // the annotator changes the annotation in Label Studio: ANNOTATION_UPDATED is a correction
                        String other = "fraud".equals(f.truth(id)) ? "legit" : "fraud";
                        String update = labelStudioAnnotation(annotation, false, other, 17, id)
                                .replace("ANNOTATION_CREATED", "ANNOTATION_UPDATED")
                                .replace("\"updated_at\": \"2024-09-26T14:13:22.206179Z\"", "\"updated_at\": \"2024-09-26T14:14:01.000000Z\"");
                        HttpResponse<String> u = labelStudioWebhook(port, "Token " + token, update);
                        assertEquals(202, u.statusCode(), u.body());
                        assertEquals(f.truth(id), Json.MAPPER.readTree(u.body()).path("corrects").asText(), u.body());
                        corrected = id;
                        checkedUpdate = true;
                    }
                    if (!checkedRedelivery) {
                        HttpResponse<String> again = labelStudioWebhook(port, "Token " + token, body);
                        assertEquals(200, again.statusCode(), again.body());
                        assertTrue(again.body().contains("duplicate-delivery"), again.body());
                        checkedRedelivery = true;
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(answered.size() >= 20, "answered through Label Studio's webhook: " + answered.size());
            assertCommittedAs(f, answered, "bob");
            assertAmended(f, corrected);
        }
    }

    /** The tool's update of an answer amended the record's decision to a class other than the first answer's. */
    private static void assertAmended(GatewayFixture f, String recordId) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            boolean amended = f.outputs().decisions.stream().anyMatch(d -> d.path("recordId").asText().equals(recordId)
                    && d.hasNonNull("supersedes") && !d.path("decision").asText().equals(f.truth(recordId)));
            if (amended) return;
            Thread.sleep(1000);
        }
        throw new AssertionError("the updated answer did not amend " + recordId + "'s decision");
    }

    /** An {@code ANNOTATION_CREATED} webhook as Label Studio documents it, for a task Triage imported (its data). */
    static String labelStudioAnnotation(int annotationId, boolean cancelled, String choice, int user, String recordId) {
        return """
                {"action": "ANNOTATION_CREATED",
                 "project": {"id": 3, "title": "fraud review"},
                 "task": {"id": %d, "data": {"text": "a transaction", "triage_model": "fraud", "triage_record_id": "%s"},
                   "annotations_ids": [%d], "created_at": "2024-09-26T14:05:30.224076Z"},
                 "annotation": {"id": %d, "result": %s, "was_cancelled": %b, "ground_truth": false,
                   "created_at": "2024-09-26T14:13:22.206179Z", "updated_at": "2024-09-26T14:13:22.206179Z",
                   "lead_time": 4.2, "task": %d, "completed_by": %d}}
                """.formatted(1000 + annotationId, recordId, annotationId, annotationId,
                cancelled ? "[]" : "[{\"id\": \"a1\", \"from_name\": \"label\", \"to_name\": \"text\", \"type\": "
                        + "\"choices\", \"value\": {\"choices\": [\"" + choice + "\"]}}]",
                cancelled, 1000 + annotationId, user);
    }

    private HttpResponse<String> labelStudioWebhook(int port, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/adapters/label-studio"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        return checked("/v1/adapters/label-studio", body, http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * The open items, asked as alice, who then lets them go (skip) so that a tool's webhook meets free items, as
     * it does for records pushed to the tool.
     */
    private List<String> releasedByAlice(GatewayFixture f, int port) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonNode q = Json.MAPPER.readTree(get(port, "/v1/queue?limit=5", f.tokens.get("alice")).body());
        for (JsonNode item : q.path("items")) {
            String id = item.path("recordId").asText();
            assertEquals(200, post(port, "/v1/labels", f.tokens.get("alice"),
                    Json.MAPPER.createObjectNode().put("model", "fraud").put("recordId", id).put("skip", true)
                            .toString()).statusCode());
            ids.add(id);
        }
        return ids;
    }

    /** Every answered item is a committed {@code LABELED} event of {@code annotator}, and nothing was refused. */
    private static void assertCommittedAs(GatewayFixture f, Map<String, String> answered, String annotator)
            throws Exception {
        Map<String, String> committed = f.committedLabels(answered, Duration.ofMinutes(1));
        for (String id : answered.keySet()) assertEquals(annotator, committed.get(id), "LABELED event of " + id);
        assertTrue(f.outputs().deadLetter.isEmpty(), "no label refused");
    }

    /** A {@code response.created} webhook as Argilla documents it, for a record Triage pushed (its metadata). */
    static String argillaResponse(String status, String value, String username, String recordId) {
        return """
                {"type": "response.created", "version": 1, "timestamp": "2024-09-26T14:13:22.256501Z",
                 "data": {"id": "7164a58e-3611-4b0a-98cc-9184bc92dc5a", "values": {"label": {"value": "%s"}},
                   "status": "%s",
                   "record": {"id": "88654411-4eec-4d17-ad73-e5baf59d0efb", "status": "completed",
                     "fields": {"text": "a transaction"}, "metadata": {"triage_model": "fraud", "triage_record_id": "%s"},
                     "external_id": "fraud/%s", "inserted_at": "2024-09-20T09:39:23.148539",
                     "updated_at": "2024-09-26T14:05:30.224076"},
                   "user": {"id": "df114042-958d-42c6-9f03-ab49bd451c6c", "first_name": "", "last_name": null,
                     "username": "%s", "role": "annotator", "inserted_at": "2024-09-05T11:39:20.376463",
                     "updated_at": "2024-09-05T11:39:20.376463"},
                   "inserted_at": "2024-09-26T14:06:06.672138", "updated_at": "2024-09-26T14:13:22.206179"}}
                """.formatted(value, status, recordId, recordId, username);
    }

    private HttpResponse<String> webhook(int port, String id, long ts, String signature, String body) throws Exception {
        return checked("/v1/adapters/argilla", body, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/adapters/argilla"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
}
