package io.triage.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The way a label request travels from the Scorer to the Learner in the job, in record time: requests wait in
 * a backlog (audits first, then first come, first served, as the simulated review team takes them) for reviewers who answer at
 * most {@code capacity} requests per record on average; an answer needs {@code latency} records of the
 * reviewer's time; answers reach the Learner only in bursts every {@code burstEvery} records (the job commits
 * labels at checkpoints); requests still waiting after {@code deadline} records expire unanswered.
 * Defaults of {@link Settings#immediate} reproduce a plain delay of {@code latency} records.
 */
final class ReviewQueue<T> {
    /**
     * @param latency    records between a reviewer taking a request and the answer being ready
     * @param burstEvery ready answers are released after every {@code burstEvery}-th record (1: after each)
     * @param capacity   requests reviewers take per record on average (≤ 0: unlimited, no backlog)
     * @param deadline   records a request may wait in the backlog before it expires (≤ 0: never)
     */
    record Settings(int latency, int burstEvery, double capacity, int deadline) {
        static Settings immediate(int latency) {
            return new Settings(latency, 1, 0, 0);
        }

        String describe() {
            return String.format(java.util.Locale.ROOT, "latency %d records, bursts every %d, review capacity %s, deadline %s",
                    latency, burstEvery, capacity > 0 ? capacity + " per record" : "unlimited",
                    deadline > 0 ? deadline + " records" : "none");
        }
    }

    private record Waiting<T>(long at, T item) {}

    private final Settings settings;
    private final ArrayDeque<Waiting<T>> backlog = new ArrayDeque<>();
    /** Audits: taken before the backlog, oldest first. */
    private final ArrayDeque<Waiting<T>> urgent = new ArrayDeque<>();
    /** Answers in the order they become ready (taken in order, all with the same latency). */
    private final ArrayDeque<Waiting<T>> answered = new ArrayDeque<>();
    private double credit;
    private long expired;

    ReviewQueue(Settings settings) {
        this.settings = settings;
    }

    /** A label request made while routing record {@code i}. */
    void request(long i, T item) {
        request(i, item, false);
    }

    /** A label request; an urgent one (an audit, as the review team takes them) goes to the front of the backlog. */
    void request(long i, T item, boolean urgent) {
        (urgent ? this.urgent : backlog).add(new Waiting<>(i, item));
    }

    /** After record {@code i}: reviewers work, and on a burst the answers ready by now are released (oldest first). */
    List<T> advance(long i) {
        boolean unlimited = settings.capacity() <= 0;
        // idle reviewers do not bank time beyond one request: capacity is a rate, not a stock
        if (!unlimited) credit = Math.min(Math.max(1.0, settings.capacity()), credit + settings.capacity());
        for (ArrayDeque<Waiting<T>> q : List.of(urgent, backlog)) {
            while (!q.isEmpty() && settings.deadline() > 0 && i - q.peek().at() > settings.deadline()) {
                q.poll();
                expired++;
            }
        }
        for (ArrayDeque<Waiting<T>> q : List.of(urgent, backlog)) {
            while (!q.isEmpty() && (unlimited || credit >= 1.0)) {
                if (!unlimited) credit -= 1.0;
                answered.add(new Waiting<>(i + settings.latency(), q.poll().item()));
            }
        }
        List<T> out = new ArrayList<>();
        if (settings.burstEvery() > 1 && (i + 1) % settings.burstEvery() != 0) return out;
        while (!answered.isEmpty() && answered.peek().at() <= i) out.add(answered.poll().item());
        return out;
    }

    /** Requests that expired in the backlog. */
    long expired() {
        return expired;
    }

    /** Requests not yet answered. */
    int backlog() {
        return backlog.size() + urgent.size();
    }
}
