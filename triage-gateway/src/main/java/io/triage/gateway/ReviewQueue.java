package io.triage.gateway;

import io.triage.event.ReviewRequest;
import io.triage.review.Consensus;
import io.triage.spec.ConsensusSpec;

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
 * claims items gets them leased for a while, so two reviewers never work the same item unless it needs several
 * labels; a lease that runs out frees the item for others. An item that {@code review.consensus} asks k labels of
 * is leased to up to k reviewers at once, as many as it still needs labels (never twice to one reviewer, never to
 * one who labeled it); once its labels decide it (as {@link Consensus} tallies them) nobody is offered it, and
 * when they do not, one more reviewer at a time is, as the job asks. A one-label item is not offered once it is
 * labeled (by anyone) unless its labels disagree: then it goes to one reviewer outside the dispute at a time, who
 * settles it. An item leaves the queue once it is decided (labeled, expired), and a record that was decided is
 * never offered again, in whatever order the topics tell it.
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
        /** Who holds a lease of it, until when (epoch ms); a lease that ran out may linger until it is replaced. */
        final Map<String, Long> leases = new HashMap<>();
        final Set<String> skippedBy = new HashSet<>();

        Entry(ReviewRequest request) {
            this.request = request;
        }

        boolean leasedTo(String annotator, long now) {
            Long until = leases.get(annotator);
            return until != null && until > now;
        }

        /** Leases held now by reviewers other than {@code annotator}. */
        int leasedToOthers(String annotator, long now) {
            int n = 0;
            for (Map.Entry<String, Long> l : leases.entrySet()) {
                if (l.getValue() > now && !l.getKey().equals(annotator)) n++;
            }
            return n;
        }

        boolean leased(long now) {
            return leases.values().stream().anyMatch(until -> until > now);
        }
    }

    private final long leaseMs;
    private final ConsensusSpec consensus;
    private final Map<String, Entry> pending = new HashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** Per record with an appeal under review: the appeal item's key (one at a time per record). */
    private final Map<String, String> openAppeals = new HashMap<>();
    /** Records an appeal was seen for: their decision is the appeal's to change now, not a correction's. */
    private final Set<String> appealed = new HashSet<>();
    /** Per record not yet decided: the class each annotator gave it. */
    private final Map<String, Map<String, String>> labels = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** One label per item (no consensus). */
    public ReviewQueue(long leaseMs) {
        this(leaseMs, ConsensusSpec.defaults());
    }

    /** @param consensus how many labels each item needs (the job's {@code review.consensus}) */
    public ReviewQueue(long leaseMs, ConsensusSpec consensus) {
        this.leaseMs = leaseMs;
        this.consensus = consensus;
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

    /** Whether an appeal of the record was seen (the job takes no correction of it from then on). */
    public synchronized boolean appealed(String model, String recordId) {
        return appealed.contains(key(model, recordId));
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
            appealed.add(key(r.model(), r.recordId()));
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
        Entry e = pending.get(k);
        if (e != null) e.leases.remove(annotator);
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

    /**
     * How many more reviewers the item needs now: for a one-label item 1 before any label and 1 while its labels
     * disagree (someone outside the dispute settles it), else 0; for an item needing k, the labels it lacks while
     * Consensus waits (at least one: a tally without a majority asks for one more annotator at a time).
     */
    private int slots(String k, ReviewRequest r) {
        Map<String, String> given = labels.get(k);
        int needed = consensus.labelsNeeded(r.model(), r.reason());
        if (given == null || given.isEmpty()) return needed;
        if (needed == 1) return given.values().stream().distinct().count() > 1 ? 1 : 0;
        List<String> who = List.copyOf(given.keySet());
        Consensus.Tally t = Consensus.tally(who.stream().map(given::get).toList(), Consensus.weights(r, who), needed,
                consensus.rule(r.model()));
        return t.outcome() == Consensus.Outcome.WAIT ? Math.max(1, needed - given.size()) : 0;
    }

    /** Whether the item is still for someone, and for {@code annotator} (null: for anyone who has not labeled it). */
    private boolean open(String k, ReviewRequest r, String annotator) {
        if (slots(k, r) == 0) return false;
        Map<String, String> given = labels.get(k);
        return annotator == null || given == null || !given.containsKey(annotator);
    }

    /** Whether {@code annotator} may take a lease of the open item now: they hold one, or a slot is free. */
    private boolean leasable(String k, Entry e, String annotator, long now) {
        return e.leasedTo(annotator, now) || e.leasedToOthers(annotator, now) < slots(k, e.request);
    }

    /**
     * Up to {@code limit} items for {@code annotator}: first those already leased to them, then the most urgent
     * free ones (highest priority, then earliest deadline), each leased to them for the lease time. Items whose
     * deadline has passed, that others hold (as many of them as the item still needs labels), that this reviewer
     * labeled or skipped are not offered.
     *
     * @param model null for every model
     */
    public synchronized List<Claim> claim(String annotator, String model, int limit, long now) {
        List<Entry> mine = new ArrayList<>();
        List<Entry> free = new ArrayList<>();
        // an appeal upheld or unanswered amends nothing, so no decision closes it: it leaves after its deadline
        pending.values().removeIf(e -> e.request.appeal() != null && e.request.deadline() <= now);
        for (Map.Entry<String, Entry> p : pending.entrySet()) {
            Entry e = p.getValue();
            if (model != null && !model.equals(e.request.model())) continue;
            if (e.request.deadline() <= now || e.skippedBy.contains(annotator)) continue;
            if (!open(p.getKey(), e.request, annotator)) continue;
            if (e.leasedTo(annotator, now)) mine.add(e);
            else if (leasable(p.getKey(), e, annotator, now)) free.add(e);
        }
        Comparator<Entry> urgent = Comparator.comparingDouble((Entry e) -> -e.request.priority())
                .thenComparingLong(e -> e.request.deadline()).thenComparing(e -> e.request.recordId());
        mine.sort(urgent);
        free.sort(urgent);
        List<Claim> out = new ArrayList<>();
        for (List<Entry> l : List.of(mine, free)) {
            for (Entry e : l) {
                if (out.size() >= limit) return out;
                e.leases.values().removeIf(until -> until <= now);
                e.leases.put(annotator, now + leaseMs);
                out.add(new Claim(e.request, now + leaseMs));
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
        if (!open(k, e.request, annotator)) return Standing.LABELED;
        // a lease that ran out still lets its holder answer while nobody took the place
        if (e.leases.containsKey(annotator) && leasable(k, e, annotator, now)) return Standing.LEASED_TO_YOU;
        if (!leasable(k, e, annotator, now)) return Standing.LEASED_TO_OTHER;
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
        e.leases.remove(annotator);
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
            if (r.deadline() > now && open(e.getKey(), r, null)) out.put(e.getKey(), r);
        }
        return out;
    }

    /** Per model: items waiting (not yet expired), leased now, and the oldest waiting item's age. */
    public synchronized Map<String, ModelBacklog> backlog(long now) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> oldest = new HashMap<>();
        for (Map.Entry<String, Entry> p : pending.entrySet()) {
            Entry e = p.getValue();
            if (e.request.deadline() <= now || !open(p.getKey(), e.request, null)) continue;
            int[] c = counts.computeIfAbsent(e.request.model(), m -> new int[2]);
            c[0]++;
            if (e.leased(now)) c[1]++;
            oldest.merge(e.request.model(), e.request.requestedAt(), Math::min);
        }
        Map<String, ModelBacklog> out = new TreeMap<>();
        counts.forEach((m, c) -> out.put(m, new ModelBacklog(c[0], c[1], Math.max(0, now - oldest.get(m)))));
        return out;
    }
}
