package io.triage.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each reviewer answered through this gateway within the job's correction window, so that posting another
 * class for an item they already labeled is sent as a correction (the job amends the decision) instead of refused
 * as already labeled. In memory and bounded: after a restart, or beyond {@link #MAX} answers in the window, an old
 * answer can no longer be corrected here (the job would still take a correction sent to {@code labels}).
 */
final class RecentAnswers {
    /** Answers kept at most (a day's work of a large team within a 15-minute window is far below). */
    static final int MAX = 200_000;

    /**
     * @param label       the class the reviewer's last label gave
     * @param at          when it was given (epoch ms): the window runs from the last answer, as in the job
     * @param corrections how many corrections of the item this reviewer sent before
     * @param eventId     the last label's event id (a retry of the same answer gets it back)
     */
    record Answer(String label, long at, int corrections, String eventId) {}

    private final long windowMs;
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    RecentAnswers(long windowMs) {
        this.windowMs = windowMs;
    }

    /** The reviewer's answer to the item, if it can still be corrected at {@code now}. */
    synchronized Optional<Answer> correctable(String annotator, String model, String recordId, long now) {
        if (windowMs <= 0) return Optional.empty();
        Answer a = answers.get(key(annotator, model, recordId));
        return a == null || now - a.at() > windowMs ? Optional.empty() : Optional.of(a);
    }

    /** Records an answer (a first label or a correction) the gateway wrote. */
    synchronized void given(String annotator, String model, String recordId, Answer a) {
        if (windowMs <= 0) return;
        String k = key(annotator, model, recordId);
        answers.remove(k); // re-inserted last: the map stays in order of time
        answers.put(k, a);
        Iterator<Answer> it = answers.values().iterator();
        while (it.hasNext()) {
            Answer oldest = it.next();
            if (answers.size() <= MAX && a.at() - oldest.at() <= windowMs) break;
            it.remove();
        }
    }

    synchronized int size() {
        return answers.size();
    }

    private static String key(String annotator, String model, String recordId) {
        return annotator + '\u0000' + model + '\u0000' + recordId;
    }
}
