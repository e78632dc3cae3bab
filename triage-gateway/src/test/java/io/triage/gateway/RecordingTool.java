package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.triage.codec.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP server standing in for a labeling tool: it records every request and answers it with what
 * {@code answer} says, except that the next {@link #failNext} requests get a 503.
 */
public final class RecordingTool implements AutoCloseable {
    /** A request as the tool received it. */
    public record Request(String method, String path, String query, String authorization, String argillaKey, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** What the tool answers. */
    public record Answer(int status, String body) {}

    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final Javalin app;

    public RecordingTool(Function<Request, Answer> answer) {
        app = Javalin.create(c -> c.showJavalinBanner = false);
        Handler h = ctx -> {
            Request r = new Request(ctx.method().name(), ctx.path(), ctx.queryString(), ctx.header("Authorization"),
                    ctx.header("X-Argilla-Api-Key"), ctx.body());
            synchronized (requests) {
                requests.add(r);
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ctx, new Answer(503, "{\"detail\": \"unavailable\"}"));
            } else {
                reply(ctx, answer.apply(r));
            }
        };
        app.get("/*", h).post("/*", h).put("/*", h).delete("/*", h);
        app.start("127.0.0.1", 0);
    }

    private static void reply(Context ctx, Answer a) {
        ctx.status(a.status());
        if (a.body() != null) ctx.contentType("application/json").result(a.body());
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public void failNext(int n) {
        failures.set(n);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String method) {
        return requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    @Override
    public void close() {
        app.stop();
    }
}
