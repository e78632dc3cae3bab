package io.triage.testkit.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the world outside the job sent, as its senders saw it — the independent oracle of a chaos run: the
 * records the replayer had acknowledged by the broker (by id), and the labels the review team had acknowledged,
 * each with its send time and the deadline of the request it answers. Filled from the replayer's and the team's
 * threads (thread-safe); read by {@link ExactlyOnceVerifier} after the run, never from the job's outputs.
 */
public final class SendLog {
    /**
     * One label the team sent.
     *
     * @param recordId   the record (the label's {@code id})
     * @param annotator  who answered
     * @param label      the answer
     * @param sentAtMs   epoch ms when the team sent it
     * @param deadlineMs the request's {@code deadline} as the team read it (epoch ms)
     */
    static final long BORDER_MS = 1_000;

    public record LabelSent(String recordId, String annotator, String label, long sentAtMs, long deadlineMs) {
        /**
         * Sent before its request's deadline: the job must apply it. A label sent within a second of the deadline
         * counts as late (either outcome is right): the job judges it by the broker's timestamp, taken a moment
         * after the team's clock read {@code sentAtMs}.
         */
        public boolean onTime() {
            return sentAtMs < deadlineMs - BORDER_MS;
        }
    }

    /** A period during which the job could not reach the broker (epoch ms). */
    public record Outage(long fromMs, long toMs) {
        public boolean covers(long ms) {
            return ms >= fromMs && ms <= toMs;
        }
    }

    private final Set<String> records = ConcurrentHashMap.newKeySet();
    private final Set<String> appeals = ConcurrentHashMap.newKeySet();
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> failedRecords = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LabelSent> labels = new ConcurrentLinkedQueue<>();
    private final AtomicLong failedLabels = new AtomicLong();
    private final ConcurrentLinkedQueue<Outage> outages = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> resent = new ConcurrentLinkedQueue<>();
    private final Set<String> forgedLabels = ConcurrentHashMap.newKeySet();
    private final Set<String> forgedRequests = ConcurrentHashMap.newKeySet();

    /** One label's identity: the record and who answered (the team sends at most one label per request). */
    static String key(String recordId, String annotator) {
        return recordId + "\u0000" + annotator;
    }

    public void recordSent(String id) {
        records.add(id);
    }

    public void recordFailed(String id, Exception e) {
        failedRecords.put(id, String.valueOf(e));
    }

    public void labelSent(LabelSent l) {
        labels.add(l);
    }

    public void labelFailed() {
        failedLabels.incrementAndGet();
    }

    /** The job was cut off from the broker from {@code fromMs} to {@code toMs}, longer than the review deadline. */
    public void longOutage(long fromMs, long toMs) {
        outages.add(new Outage(fromMs, toMs));
    }

    /** An appellant sent appeal {@code appealId} (the broker acknowledged it). */
    public void appealSent(String appealId) {
        appeals.add(appealId);
    }

    /** A ground-truth feed sent the true class of a record as an outcome (the broker acknowledged it). */
    public void outcomeSent(String recordId, String truth) {
        outcomes.put(recordId, truth);
    }

    /** Record id → the true class sent as its outcome. */
    public Map<String, String> outcomes() {
        return Map.copyOf(outcomes);
    }

    public Set<String> appeals() {
        return Set.copyOf(appeals);
    }

    /** An intruder resent record {@code id} (the broker acknowledged it). */
    public void resent(String id) {
        resent.add(id);
    }

    /** An intruder sent a label with a forged signature, event id {@code eventId}. */
    public void forgedLabel(String eventId) {
        forgedLabels.add(eventId);
    }

    /** An intruder sent a review request the job never wrote, for record {@code id}. */
    public void forgedRequest(String id) {
        forgedRequests.add(id);
    }

    public List<String> resent() {
        return new ArrayList<>(resent);
    }

    public Set<String> forgedLabels() {
        return Set.copyOf(forgedLabels);
    }

    public Set<String> forgedRequests() {
        return Set.copyOf(forgedRequests);
    }

    /** Record ids the broker acknowledged. */
    public Set<String> records() {
        return Set.copyOf(records);
    }

    /** Records whose send failed (id → error): not in the topic, so not expected to be decided. */
    public Map<String, String> failedRecords() {
        return Map.copyOf(failedRecords);
    }

    public List<LabelSent> labels() {
        return new ArrayList<>(labels);
    }

    public long failedLabels() {
        return failedLabels.get();
    }

    public List<Outage> longOutages() {
        return new ArrayList<>(outages);
    }
}
