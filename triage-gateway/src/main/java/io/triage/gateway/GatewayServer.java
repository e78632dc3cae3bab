package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.triage.codec.Json;
import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The gateway's HTTP API, versioned under {@code /v1}, JSON in and out, every call but {@code /v1/health}
 * authenticated by a reviewer's bearer token:
 * <ul>
 *   <li>{@code GET /v1/queue?model=&limit=} — items leased to the caller, most urgent first (audits are blind:
 *       no prediction, so a reviewer is not anchored by it and the precision estimate stays unbiased);</li>
 *   <li>{@code POST /v1/labels} — {@code {"model","recordId","label"}}, or {@code {"model","recordId","skip":true,
 *       "reason"}}: a label for an item the caller holds, signed with the caller's key and written to
 *       {@code labels} before the answer;</li>
 *   <li>{@code GET /v1/stats} — backlog and oldest item per model, the job's automation and precision estimate,
 *       what each reviewer did, and per labeling tool the queue is pushed to, its calls ({@link ToolPusher});</li>
 *   <li>{@code POST /v1/adapters/argilla} — Argilla's response webhooks ({@link ArgillaWebhook}), signed by the
 *       Standard Webhooks scheme instead of a token;</li>
 *   <li>{@code POST /v1/appeals} — {@code {"recordId","reason","model","appellant","appealId"}} from the system
 *       that files appeals (its own token): written to {@code appeals};</li>
 *   <li>{@code POST /v1/adapters/label-studio} — Label Studio's annotation webhooks ({@link LabelStudioWebhook}),
 *       with the token the webhook's settings send.</li>
 * </ul>
 * No CORS headers are sent, so browsers allow only pages of the gateway's own origin (the console).
 */
public final class GatewayServer implements AutoCloseable {
    /** Items one call may claim, at most. */
    static final int MAX_LIMIT = 50;
    /** Largest request body: a label is a few hundred bytes. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    private final Javalin app;
    private final JobSpec spec;
    private final ReviewQueue queue;
    private final ReviewerTokens tokens;
    private final LabelWriter writer;
    private final TopicFeed feed;
    private final RateLimiter limiter;
    private final ReviewerActivity activity = new ReviewerActivity();
    private final RecentAnswers recent;
    private final LongSupplier clock;
    private final Map<String, ModelSpec> models = new HashMap<>();

    /** Argilla's webhook endpoint: its signing secret and how its answers map to labels. */
    public record ArgillaEndpoint(StandardWebhook signature, ArgillaWebhook webhook) {}

    /**
     * Label Studio's webhook endpoint: the token its webhook sends (Label Studio signs nothing; its webhook settings
     * add an {@code Authorization: Token …} header) and how its annotations map to labels.
     */
    public record LabelStudioEndpoint(String token, LabelStudioWebhook webhook) {}

    /** Webhook deliveries remembered, at most (a retry comes within minutes). */
    static final int MAX_DELIVERIES = 100_000;

    private final ArgillaEndpoint argilla;
    private final LabelStudioEndpoint labelStudio;
    private final String appealsToken;
    private final List<ToolPusher> pushers;
    private final java.util.Set<String> deliveries = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_DELIVERIES;
                }
            });

    /**
     * @param argilla     null: no Argilla endpoint
     * @param labelStudio null: no Label Studio endpoint
     * @param appealsToken null: no appeals endpoint
     * @param pushers     the labeling tools the queue is pushed to (their counts go into the stats)
     */
    public GatewayServer(JobSpec spec, ReviewQueue queue, ReviewerTokens tokens, LabelWriter writer, TopicFeed feed,
                         int requestsPerMinute, LongSupplier clock, ArgillaEndpoint argilla,
                         LabelStudioEndpoint labelStudio, String appealsToken, List<ToolPusher> pushers) {
        this.pushers = List.copyOf(pushers);
        this.argilla = argilla;
        this.appealsToken = appealsToken;
        this.labelStudio = labelStudio;
        this.spec = spec;
        this.queue = queue;
        this.recent = new RecentAnswers(spec.review().correctionWindowMs());
        this.tokens = tokens;
        this.writer = writer;
        this.feed = feed;
        this.limiter = new RateLimiter(requestsPerMinute);
        this.clock = clock;
        for (ModelSpec m : spec.models()) models.put(m.id(), m);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/console";
                sf.location = Location.CLASSPATH;
            });
        });
        app.get("/v1/health", ctx -> json(ctx, Json.MAPPER.createObjectNode().put("ok", true)
                .put("caughtUp", feed.caughtUp())));
        app.get("/v1/queue", ctx -> queue(ctx, reviewer(ctx)));
        app.post("/v1/labels", ctx -> label(ctx, reviewer(ctx)));
        app.get("/v1/stats", ctx -> stats(ctx, reviewer(ctx)));
        if (argilla != null) app.post("/v1/adapters/argilla", this::argilla);
        if (labelStudio != null) app.post("/v1/adapters/label-studio", this::labelStudio);
        if (appealsToken != null) app.post("/v1/appeals", this::appeal);
        app.exception(ApiError.class, (e, ctx) -> json(ctx.status(e.status),
                Json.MAPPER.createObjectNode().put("error", e.code).put("message", e.getMessage())));
    }

    /** Listens on {@code host:port} (port 0: any free one). */
    public GatewayServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** An answer other than 200, with a stable error code. */
    static final class ApiError extends RuntimeException {
        final HttpStatus status;
        final String code;

        ApiError(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private String reviewer(Context ctx) {
        String h = ctx.header("Authorization");
        String token = h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : null;
        String annotator = tokens.annotator(token)
                .orElseThrow(() -> new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized", "a reviewer's bearer token is needed"));
        if (!limiter.allow(annotator, clock.getAsLong())) {
            throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "too many requests; slow down");
        }
        return annotator;
    }

    private void queue(Context ctx, String annotator) {
        String model = ctx.queryParam("model");
        if (model != null && !models.containsKey(model)) throw new ApiError(HttpStatus.NOT_FOUND, "unknown-model", model);
        int limit = 10;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(l)));
            } catch (NumberFormatException e) {
                throw new ApiError(HttpStatus.BAD_REQUEST, "bad-limit", "limit must be a number");
            }
        }
        long now = clock.getAsLong();
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (ReviewQueue.Claim c : queue.claim(annotator, model, limit, now)) items.add(ReviewItemView.of(c, models.get(c.request().model())));
        out.put("caughtUp", feed.caughtUp());
        json(ctx, out);
    }

    private void label(Context ctx, String annotator) throws Exception {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (java.io.IOException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "bad-json", "the body is not JSON");
        }
        String model = text(body, "model");
        String recordId = text(body, "recordId");
        if (model == null || recordId == null) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "missing-field", "model and recordId are needed");
        }
        boolean skip = body.path("skip").asBoolean(false);
        respond(ctx, submit(annotator, model, recordId, skip ? null : text(body, "label"), skip));
    }

    /**
     * An Argilla {@code response.*} webhook, authenticated by its Standard Webhooks signature (no bearer token:
     * Argilla cannot send one). A delivery seen before (same webhook-id) is acknowledged again, not applied twice.
     */
    private void argilla(Context ctx) throws Exception {
        byte[] raw = ctx.bodyAsBytes();
        String id = ctx.header("webhook-id");
        if (!argilla.signature().verify(id, ctx.header("webhook-timestamp"), ctx.header("webhook-signature"), raw,
                clock.getAsLong())) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "bad-signature", "the webhook signature does not verify");
        }
        if (!deliveries.add(id)) {
            json(ctx, Json.MAPPER.createObjectNode().put("status", "duplicate-delivery"));
            return;
        }
        take(ctx, argilla.webhook().answer(webhookJson(raw)).orElse(null));
    }

    /**
     * A Label Studio annotation webhook, authenticated by the token its webhook settings send. A redelivery of the
     * same annotation version is acknowledged again, not applied twice.
     */
    private void labelStudio(Context ctx) throws Exception {
        String h = ctx.header("Authorization");
        String sent = h == null ? "" : h.replaceFirst("^(Token|Bearer) ", "");
        if (!java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                labelStudio.token().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized", "the webhook's token does not match");
        }
        JsonNode event = webhookJson(ctx.bodyAsBytes());
        JsonNode annotation = event.path("annotation");
        if (!deliveries.add("label-studio:" + annotation.path("id").asText() + ":" + annotation.path("updated_at").asText())) {
            json(ctx, Json.MAPPER.createObjectNode().put("status", "duplicate-delivery"));
            return;
        }
        try {
            take(ctx, labelStudio.webhook().answer(event).orElse(null));
        } catch (LabelStudioWebhook.Refused e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
    }

    /**
     * An appeal of a decided record, from the system that files them for customers (its own bearer token, not a
     * reviewer's): written to {@code appeals}; the job accepts or refuses it (see the audit trail).
     */
    private void appeal(Context ctx) throws Exception {
        String h = ctx.header("Authorization");
        String sent = h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : "";
        if (!java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                appealsToken.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized", "the appeals client's bearer token is needed");
        }
        JsonNode body = webhookJson(ctx.bodyAsBytes());
        String recordId = text(body, "recordId");
        String reason = text(body, "reason");
        String model = text(body, "model") != null ? text(body, "model") : spec.defaultModel().orElse(null);
        if (recordId == null || reason == null || reason.isBlank() || model == null) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "missing-field", "recordId, reason and (with several models) "
                    + "model are needed");
        }
        if (!models.containsKey(model)) throw new ApiError(HttpStatus.BAD_REQUEST, "unknown-model", "no model " + model);
        // a client that retries sends the same appealId, and the job takes it once
        String appealId = text(body, "appealId") != null ? text(body, "appealId") : "gw-" + java.util.UUID.randomUUID();
        writer.writeAppeal(new io.triage.event.Appeal(appealId, model, recordId, reason, text(body, "appellant"),
                clock.getAsLong()));
        json(ctx.status(HttpStatus.ACCEPTED), Json.MAPPER.createObjectNode().put("status", "written")
                .put("appealId", appealId));
    }

    private static JsonNode webhookJson(byte[] raw) {
        try {
            return Json.MAPPER.readTree(raw);
        } catch (java.io.IOException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "bad-json", "the body is not JSON");
        }
    }

    /** A labeling tool's answer, as if its annotator had posted it; null: the event was not an answer. */
    private void take(Context ctx, ToolAnswer a) throws Exception {
        if (a == null) { // not an answer (a draft, a deletion, a dataset event): nothing to do
            json(ctx, Json.MAPPER.createObjectNode().put("status", "ignored"));
            return;
        }
        if (!mayLabel(a.annotator())) {
            throw new ApiError(HttpStatus.FORBIDDEN, "unknown-reviewer", "no reviewer " + a.annotator() + " here");
        }
        respond(ctx, submit(a.annotator(), a.model(), a.recordId(), a.label(), a.label() == null));
    }

    private boolean mayLabel(String annotator) {
        return writer.canSign(annotator) && (spec.review().annotators().isEmpty()
                || spec.review().annotators().contains(annotator));
    }

    /** What an answer did: its status code and body. */
    private record Outcome(HttpStatus status, ObjectNode body) {}

    private static void respond(Context ctx, Outcome o) {
        json(ctx.status(o.status()), o.body());
    }

    /** A label ({@code label} non-null) or a skip of an item, by {@code annotator}, from any channel. */
    private Outcome submit(String annotator, String model, String recordId, String label, boolean skip) throws Exception {
        long now = clock.getAsLong();
        ReviewQueue.Standing standing = queue.standing(annotator, model, recordId, now);
        // the reviewer's own answer, changed within the window, is a correction; not while an appeal of it is open
        // (then the item's standing is the appeal's: someone else reviews it)
        if (!skip && label != null && (standing == ReviewQueue.Standing.LABELED || standing == ReviewQueue.Standing.UNKNOWN)
                && !queue.appealed(model, recordId)) {
            java.util.Optional<RecentAnswers.Answer> mine = recent.correctable(annotator, model, recordId, now);
            if (mine.isPresent() && !label.equals(mine.get().label())) {
                return correct(annotator, model, recordId, label, mine.get(), now);
            }
        }
        switch (standing) {
            case UNKNOWN -> throw new ApiError(HttpStatus.NOT_FOUND, "unknown-item", "no open review of " + recordId);
            case LABELED -> throw new ApiError(HttpStatus.CONFLICT, "already-labeled", recordId + " is decided or labeled");
            case LEASED_TO_OTHER -> throw new ApiError(HttpStatus.CONFLICT, "leased-to-another",
                    recordId + " is with another reviewer");
            case YOUR_DECISION -> throw new ApiError(HttpStatus.FORBIDDEN, "party-to-appeal",
                    recordId + " is an appeal of your own decision: another reviewer must review it");
            default -> { }
        }
        if (skip) {
            queue.skip(annotator, model, recordId);
            activity.skipped(annotator, now);
            return new Outcome(HttpStatus.OK, Json.MAPPER.createObjectNode().put("status", "skipped"));
        }
        ReviewRequest r = queue.request(model, recordId).orElseThrow(
                () -> new ApiError(HttpStatus.CONFLICT, "already-labeled", recordId + " is decided or labeled"));
        if (r.deadline() < now) {
            // the job would refuse it as late: say so now, not by silence
            throw new ApiError(HttpStatus.CONFLICT, "expired", recordId + " passed its review deadline");
        }
        ModelSpec m = models.get(model);
        List<String> allowed = m == null || m.classes().isEmpty() ? List.of(r.classes()) : m.classes();
        if (label == null || !(allowed.isEmpty() || allowed.contains(label))) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "unknown-class", "label must be one of " + allowed);
        }
        if (!writer.canSign(annotator)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "no-key", "no signing key for " + annotator + " in the keys file");
        }
        // one label per reviewer and item: a retry after a lost answer carries the same event id
        String eventId = "gw-" + annotator + "-" + model + "-" + recordId;
        writer.write(new Label(recordId, model, label, annotator, now, eventId));
        queue.labeled(model, recordId, annotator, label);
        activity.labeled(annotator, now);
        recent.given(annotator, model, recordId, new RecentAnswers.Answer(label, now, 0, eventId));
        return new Outcome(HttpStatus.ACCEPTED, Json.MAPPER.createObjectNode().put("status", "written").put("eventId", eventId));
    }

    /**
     * The reviewer's own earlier answer, changed within the correction window: written as a new label (its own event
     * id), which the job takes as a correction — it replaces their vote, or amends the decision and relabels.
     */
    private Outcome correct(String annotator, String model, String recordId, String label, RecentAnswers.Answer before,
                            long now) throws Exception {
        ModelSpec m = models.get(model);
        List<String> allowed = m == null ? List.of() : m.classes();
        if (!allowed.isEmpty() && !allowed.contains(label)) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "unknown-class", "label must be one of " + allowed);
        }
        if (!writer.canSign(annotator)) {
            throw new ApiError(HttpStatus.FORBIDDEN, "no-key", "no signing key for " + annotator + " in the keys file");
        }
        int n = before.corrections() + 1;
        String eventId = "gw-" + annotator + "-" + model + "-" + recordId + "-c" + n;
        writer.write(new Label(recordId, model, label, annotator, now, eventId));
        recent.given(annotator, model, recordId, new RecentAnswers.Answer(label, now, n, eventId));
        return new Outcome(HttpStatus.ACCEPTED, Json.MAPPER.createObjectNode().put("status", "written")
                .put("eventId", eventId).put("corrects", before.label()));
    }

    private void stats(Context ctx, String annotator) {
        long now = clock.getAsLong();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("caughtUp", feed.caughtUp());
        out.put("refusedMessages", feed.refused());
        ObjectNode ms = out.putObject("models");
        Map<String, ReviewQueue.ModelBacklog> backlog = queue.backlog(now);
        for (ModelSpec m : spec.models()) {
            ObjectNode n = ms.putObject(m.id());
            ReviewQueue.ModelBacklog b = backlog.getOrDefault(m.id(), new ReviewQueue.ModelBacklog(0, 0, 0));
            n.put("waiting", b.waiting());
            n.put("leased", b.leased());
            n.put("oldestAgeMs", b.oldestAgeMs());
            JsonNode metrics = feed.metrics(m.id());
            if (metrics != null) {
                n.set("automationRate", metrics.path("automationRate"));
                n.set("estimatedPrecision", metrics.path("estimatedPrecision"));
                n.set("precisionLowerBound", metrics.path("precisionLowerBound"));
                n.set("jobBacklog", metrics.path("backlog"));
                n.set("modelVersion", metrics.path("modelVersion"));
            }
        }
        ObjectNode rs = out.putObject("reviewers");
        activity.snapshot(now).forEach((a, c) -> rs.putObject(a).put("labels", c.labels())
                .put("labelsToday", c.labelsToday()).put("skips", c.skips()));
        ObjectNode push = out.putObject("push");
        for (ToolPusher p : pushers) push.set(p.name(), p.stats());
        out.put("you", annotator);
        json(ctx, out);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.textValue().isBlank() ? null : v.textValue();
    }

    private static void json(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(body.toString());
    }

    @Override
    public void close() {
        app.stop();
    }
}
