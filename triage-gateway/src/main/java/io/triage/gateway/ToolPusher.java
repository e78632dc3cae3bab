package io.triage.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.event.ReviewRequest;
import io.triage.spec.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps a labeling tool holding exactly the queue's open items: on its own thread, every interval, it deletes the
 * tasks of items that left the queue (decided, expired, labeled elsewhere) and pushes the items the tool does not
 * have yet, most urgent first. It compares the queue with what it pushed rather than following the queue's
 * changes, so a missed change, a failed call or a restart is made good by the next round.
 * <p>
 * What was pushed is remembered in a file ({@link PushedItems}) rather than looked up in the tool before each
 * push: a look-up needs each tool's search API for every open item after every start, while the file is read once
 * and works the same for every tool. Nothing is pushed until the gateway has read the topics to their end, so an
 * item decided long ago is never pushed on a start.
 * <p>
 * A call that fails for a reason that may pass (no connection, a 5xx, a 429) is tried again after a growing
 * pause; if it still fails the round ends, and the next rounds wait longer (up to a minute) while the tool is
 * down. A push or delete the tool refuses (a 4xx) is counted and that item is left alone for a minute. Nothing here throws
 * to the gateway.
 */
public final class ToolPusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToolPusher.class);

    /**
     * @param intervalMs between rounds
     * @param attempts   calls of one operation, at most, before the round gives up
     * @param backoffMs  pause before the second call, doubled before each further one
     * @param maxPauseMs longest pause between rounds while the tool is failing, and how long a refused item waits
     */
    public record Pace(long intervalMs, int attempts, long backoffMs, long maxPauseMs) {
        public static final Pace DEFAULT = new Pace(1_000, 4, 500, 60_000);
    }

    private final ToolTarget target;
    private final PushedItems pushed;
    private final ReviewQueue queue;
    private final Map<String, ModelSpec> models;
    private final BooleanSupplier caughtUp;
    private final LongSupplier clock;
    private final Pace pace;
    private final ScheduledExecutorService worker;
    private final Map<String, Long> refusedUntil = new HashMap<>();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private long pauseUntil;
    private int failedRounds;

    ToolPusher(ToolTarget target, PushedItems pushed, ReviewQueue queue, List<ModelSpec> models,
               BooleanSupplier caughtUp, LongSupplier clock, Pace pace) {
        this.target = target;
        this.pushed = pushed;
        this.queue = queue;
        this.models = new HashMap<>();
        for (ModelSpec m : models) this.models.put(m.id(), m);
        this.caughtUp = caughtUp;
        this.clock = clock;
        this.pace = pace;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-push-" + target.name());
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return target.name();
    }

    ToolPusher start() {
        worker.scheduleWithFixedDelay(this::tick, 0, pace.intervalMs(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One scheduled round, unless the tool is being given a rest; never throws (that would end the schedule). */
    private void tick() {
        long now = clock.getAsLong();
        if (now < pauseUntil) return;
        boolean ok;
        try {
            ok = round();
        } catch (RuntimeException e) { // e.g. the map's file cannot be written: say so, and go on
            failures.incrementAndGet();
            lastError = e.toString();
            LOG.warn("pushing to {} failed", target.name(), e);
            ok = false;
        }
        if (ok) {
            failedRounds = 0;
            pauseUntil = 0;
        } else {
            failedRounds = Math.min(failedRounds + 1, 20);
            pauseUntil = clock.getAsLong() + Math.min(pace.maxPauseMs(), pace.intervalMs() << failedRounds);
        }
    }

    /**
     * Deletes the tasks of items no longer open, then pushes the open items the tool lacks.
     *
     * @return false when the tool could not be reached (the round ended early)
     */
    boolean round() {
        if (!caughtUp.getAsBoolean()) return true;
        long now = clock.getAsLong();
        Map<String, ReviewRequest> open = queue.openItems(now);
        refusedUntil.keySet().removeIf(k -> !open.containsKey(k) && !pushed.contains(k));
        for (Map.Entry<String, String> e : pushed.snapshot().entrySet()) {
            if (open.containsKey(e.getKey()) || refusedUntil.getOrDefault(e.getKey(), 0L) > now) continue;
            Outcome<Boolean> d = attempt("delete " + e.getValue(), () -> {
                target.delete(e.getValue());
                return Boolean.TRUE;
            });
            if (d.value == null) {
                if (d.retryable) return false;
                refusedUntil.put(e.getKey(), now + pace.maxPauseMs()); // refused: the task stays, tried again later
                continue;
            }
            pushed.remove(e.getKey());
            deletes.incrementAndGet();
        }
        List<Map.Entry<String, ReviewRequest>> todo = new ArrayList<>();
        for (Map.Entry<String, ReviewRequest> e : open.entrySet()) {
            if (pushed.contains(e.getKey()) || refusedUntil.getOrDefault(e.getKey(), 0L) > now) continue;
            todo.add(e);
        }
        todo.sort(Comparator.comparingDouble((Map.Entry<String, ReviewRequest> e) -> -e.getValue().priority())
                .thenComparingLong(e -> e.getValue().deadline()));
        for (Map.Entry<String, ReviewRequest> e : todo) {
            ReviewRequest r = e.getValue();
            ObjectNode item = ReviewItemView.of(r, models.get(r.model()));
            Outcome<String> p = attempt("push " + r.model() + "/" + r.recordId(), () -> target.push(e.getKey(), item));
            if (p.value == null) {
                if (p.retryable) return false;
                refusedUntil.put(e.getKey(), now + pace.maxPauseMs());
                continue;
            }
            pushed.put(e.getKey(), p.value);
            pushes.incrementAndGet();
        }
        return true;
    }

    private interface Call<T> {
        T call() throws ToolHttp.ToolCallException;
    }

    /** A call's value, or null and whether its failure may pass. */
    private record Outcome<T>(T value, boolean retryable) {}

    private <T> Outcome<T> attempt(String what, Call<T> call) {
        for (int i = 0; ; i++) {
            try {
                return new Outcome<>(call.call(), false);
            } catch (ToolHttp.ToolCallException e) {
                lastError = e.getMessage();
                if (!e.retryable || i + 1 >= pace.attempts()) {
                    failures.incrementAndGet();
                    LOG.warn("{} to {} failed{}: {}", what, target.name(),
                            e.retryable ? " after " + (i + 1) + " calls" : "", e.getMessage());
                    return new Outcome<>(null, e.retryable);
                }
                retries.incrementAndGet();
                try {
                    Thread.sleep(pace.backoffMs() << i);
                } catch (InterruptedException ie) { // closing
                    Thread.currentThread().interrupt();
                    return new Outcome<>(null, true);
                }
            }
        }
    }

    /** For {@code GET /v1/stats}: tasks held in the tool, and the calls made. */
    ObjectNode stats() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("open", pushed.size());
        n.put("pushed", pushes.get());
        n.put("deleted", deletes.get());
        n.put("retries", retries.get());
        n.put("failures", failures.get());
        n.put("lastError", lastError);
        return n;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
