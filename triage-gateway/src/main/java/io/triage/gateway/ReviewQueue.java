package io.triage.gateway;

import io.triage.event.ReviewRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The review requests waiting for a person, as the gateway learns them from the job's topics. A reviewer who
 * claims items gets them leased for a while, so two reviewers never work the same item; a lease that runs out
 * frees the item for others. An item is not offered once it is labeled (by anyone) unless its labels disagree:
 * then it goes to reviewers outside the dispute, who settle it (as the job asks). It leaves the queue once it is
 * decided (labeled, expired), and a record that was decided is never offered again, in whatever order the topics
 * tell it.
 * Thread-safe: the topic reader and the HTTP handlers share it.
 */
public final class ReviewQueue {
    /** Records remembered as decided, at most (the oldest are forgotten first). */
    static final int MAX_REMEMBERED = 1_000_000;

    /** An item leased to a reviewer until {@code leaseUntil} (epoch ms). */
    public record Claim(ReviewRequest request, long leaseUntil) {}

    /** How an item stands for a reviewer who wants to label it. */
    public enum Standing { LEASED_TO_YOU, LEASED_TO_OTHER, NOT_LEASED, LABELED, UNKNOWN,
        /** An appeal of the reviewer's own decision: someone else must review it. */
        YOUR_DECISION }

    /** Per model: items waiting, leased now, and the age of the oldest waiting one. */
    public record ModelBacklog(int waiting, int leased, long oldestAgeMs) {}

    private static final class Entry {
        final ReviewRequest request;
        String leasedTo;
        long leaseUntil;
        final Set<String> skippedBy = new HashSet<>();

        Entry(ReviewRequest request) {
            this.request = request;
        }
    }

    private final long leaseMs;
    private final Map<String, Entry> pending = new HashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** Per record with an appeal under review: the appeal item's key (one at a time per record). */
    private final Map<String, String> openAppeals = new HashMap<>();
    /** Per record not yet decided: the class each annotator gave it. */
    private final Map<String, Map<String, String>> labels = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public ReviewQueue(long leaseMs) {
        this.leaseMs = leaseMs;
    }

    private static String key(String model, String recordId) {
        return model + '\0' + recordId;
    }

    /** An appeal review is an item of its own beside the record's first review, which was decided. */
    private static String appealKey(String model, String recordId, String appealId) {
        return key(model, recordId) + "\0appeal\0" + appealId;
    }

    /** The item a label or a lookup of the record means: its open appeal if it has one, else its review. */
    private String current(String model, String recordId) {
        String k = key(model, recordId);
        String a = openAppeals.get(k);
        return a != null && pending.containsKey(a) ? a : k;
    }

    /** A review request read from the job; the first for a record stands (the job writes each once). */
    public synchronized void offer(ReviewRequest r) {
        String k = r.appeal() != null ? appealKey(r.model(), r.recordId(), r.appeal().appealId()) : key(r.model(), r.recordId());
        if (done.containsKey(k) || pending.containsKey(k)) return;
        Entry e = new Entry(r);
        if (r.appeal() != null) {
            // the annotator of the contested decision may not review it again
            if (r.appeal().annotator() != null) e.skippedBy.add(r.appeal().annotator());
            openAppeals.put(key(r.model(), r.recordId()), k);
        }
        pending.put(k, e);
    }

    /**
     * {@code annotator} labeled the record (through this gateway or any other path): nobody needs to see it again,
     * unless labels of two classes now stand for it, and then only those who gave none.
     */
    public synchronized void labeled(String model, String recordId, String annotator, String label) {
        labeled(model, recordId, annotator, label, Long.MAX_VALUE);
    }

    /**
     * As {@link #labeled(String, String, String, String)}, for a label given at {@code givenAt}: one given before
     * the record's open appeal was made answered its first review (the job judges it so too), not the appeal.
     */
    public synchronized void labeled(String model, String recordId, String annotator, String label, long givenAt) {
        String k = current(model, recordId);
        Entry appeal = pending.get(k);
        if (appeal != null && appeal.request.appeal() != null && givenAt < appeal.request.requestedAt()) {
            k = key(model, recordId);
        }
        if (done.containsKey(k)) return;
        labels.computeIfAbsent(k, x -> new HashMap<>()).put(annotator, label);
    }

    /**
     * The record was decided (by a label, by expiry, or automatically), or, with {@code appealId}, its decision
     * was amended by that appeal's review.
     */
    public synchronized void decided(String model, String recordId, String appealId) {
        String k = appealId == null ? key(model, recordId) : appealKey(model, recordId, appealId);
        pending.remove(k);
        labels.remove(k);
        done.put(k, Boolean.TRUE);
        if (appealId != null) openAppeals.remove(key(model, recordId), k);
    }

    /** As {@link #decided(String, String, String)} for a record's first decision. */
    public synchronized void decided(String model, String recordId) {
        decided(model, recordId, null);
    }

    private static String keyOf(ReviewRequest r) {
        return r.appeal() != null ? appealKey(r.model(), r.recordId(), r.appeal().appealId()) : key(r.model(), r.recordId());
    }

    /** Whether the item is still for someone, and for {@code annotator} (null: for anyone outside a dispute). */
    private boolean open(String k, String annotator) {
        Map<String, String> given = labels.get(k);
        if (given == null) return true;
        boolean disputed = given.values().stream().distinct().count() > 1;
        return disputed && (annotator == null || !given.containsKey(annotator));
    }

    /**
     * Up to {@code limit} items for {@code annotator}: first those already leased to them, then the most urgent
     * free ones (highest priority, then earliest deadline), each leased to them for the lease time. Items whose
     * deadline has passed, that others hold, or that this reviewer skipped are not offered.
     *
     * @param model null for every model
     */
    public synchronized List<Claim> claim(String annotator, String model, int limit, long now) {
        List<Entry> mine = new ArrayList<>();
        List<Entry> free = new ArrayList<>();
        // an appeal upheld or unanswered amends nothing, so no decision closes it: it leaves after its deadline
        pending.values().removeIf(e -> e.request.appeal() != null && e.request.deadline() <= now);
        for (Entry e : pending.values()) {
            if (model != null && !model.equals(e.request.model())) continue;
            if (e.request.deadline() <= now || e.skippedBy.contains(annotator)) continue;
            if (!open(keyOf(e.request), annotator)) continue;
            boolean leased = e.leasedTo != null && e.leaseUntil > now;
            if (leased && e.leasedTo.equals(annotator)) mine.add(e);
            else if (!leased) free.add(e);
        }
        Comparator<Entry> urgent = Comparator.comparingDouble((Entry e) -> -e.request.priority())
                .thenComparingLong(e -> e.request.deadline()).thenComparing(e -> e.request.recordId());
        mine.sort(urgent);
        free.sort(urgent);
        List<Claim> out = new ArrayList<>();
        for (List<Entry> l : List.of(mine, free)) {
            for (Entry e : l) {
                if (out.size() >= limit) return out;
                e.leasedTo = annotator;
                e.leaseUntil = now + leaseMs;
                out.add(new Claim(e.request, e.leaseUntil));
            }
        }
        return out;
    }

    /** Whether {@code annotator} may label the item now: it is theirs if they hold its lease or nobody else does. */
    public synchronized Standing standing(String annotator, String model, String recordId, long now) {
        String k = current(model, recordId);
        if (done.containsKey(k)) return Standing.LABELED;
        Entry e = pending.get(k);
        if (e != null && e.request.appeal() != null && annotator.equals(e.request.appeal().annotator())) {
            return Standing.YOUR_DECISION;
        }
        if (e == null) return labels.containsKey(k) ? Standing.LABELED : Standing.UNKNOWN;
        if (!open(k, annotator)) return Standing.LABELED;
        if (annotator.equals(e.leasedTo)) return Standing.LEASED_TO_YOU;
        if (e.leasedTo != null && e.leaseUntil > now) return Standing.LEASED_TO_OTHER;
        return Standing.NOT_LEASED;
    }

    public synchronized Optional<ReviewRequest> request(String model, String recordId) {
        Entry e = pending.get(current(model, recordId));
        return Optional.ofNullable(e == null ? null : e.request);
    }

    /** The reviewer passes on the item: its lease ends, and it is not offered to them again. */
    public synchronized boolean skip(String annotator, String model, String recordId) {
        Entry e = pending.get(current(model, recordId));
        if (e == null) return false;
        e.skippedBy.add(annotator);
        if (annotator.equals(e.leasedTo)) {
            e.leasedTo = null;
            e.leaseUntil = 0;
        }
        return true;
    }

    /**
     * The items a reviewer could still be offered (as {@link #backlog(long)} counts them: before their deadline, not
     * labeled unless disputed), by a key naming the item (a record's review, or one appeal of it). What a labeling
     * tool should hold.
     */
    public synchronized Map<String, ReviewRequest> openItems(long now) {
        Map<String, ReviewRequest> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : pending.entrySet()) {
            ReviewRequest r = e.getValue().request;
            if (r.deadline() > now && open(e.getKey(), null)) out.put(e.getKey(), r);
        }
        return out;
    }

    /** Per model: items waiting (not yet expired), leased now, and the oldest waiting item's age. */
    public synchronized Map<String, ModelBacklog> backlog(long now) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> oldest = new HashMap<>();
        for (Entry e : pending.values()) {
            if (e.request.deadline() <= now || !open(keyOf(e.request), null)) continue;
            int[] c = counts.computeIfAbsent(e.request.model(), m -> new int[2]);
            c[0]++;
            if (e.leasedTo != null && e.leaseUntil > now) c[1]++;
            oldest.merge(e.request.model(), e.request.requestedAt(), Math::min);
        }
        Map<String, ModelBacklog> out = new TreeMap<>();
        counts.forEach((m, c) -> out.put(m, new ModelBacklog(c[0], c[1], Math.max(0, now - oldest.get(m)))));
        return out;
    }
}
