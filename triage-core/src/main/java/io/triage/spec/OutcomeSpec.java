package io.triage.spec;

import java.io.Serializable;

/**
 * How late ground truth ({@code outcomes}) is joined to decisions. The job keeps each decision (about 200 bytes,
 * no features) for {@code retentionMs}, so outcomes are off (0) unless a deployment sets how late its truth
 * may come.
 *
 * @param retentionMs  how long after its decision a record's outcome is still joined; 0: outcomes are refused
 * @param windowMs     the windows of decision time in which outcomes are held against the promise
 * @param minAutomated automated decisions a window needs before its known errors can contradict the promise
 * @param orphanWaitMs how long an outcome that arrives before its record's decision waits for it
 */
public record OutcomeSpec(Long retentionMs, Long windowMs, Integer minAutomated, Long orphanWaitMs)
        implements Serializable {
    public OutcomeSpec {
        retentionMs = retentionMs == null ? 0L : retentionMs;
        windowMs = windowMs == null ? 86_400_000L : windowMs;
        minAutomated = minAutomated == null ? 50 : minAutomated;
        orphanWaitMs = orphanWaitMs == null ? 60_000L : orphanWaitMs;
    }

    public static OutcomeSpec defaults() {
        return new OutcomeSpec(null, null, null, null);
    }

    public boolean enabled() {
        return retentionMs > 0;
    }

    void validate(Problems p) {
        p.check(retentionMs >= 0, "review.outcomes.retentionMs", "must be ≥ 0, was " + retentionMs);
        p.check(windowMs > 0, "review.outcomes.windowMs", "must be > 0, was " + windowMs);
        p.check(minAutomated >= 1, "review.outcomes.minAutomated", "must be ≥ 1, was " + minAutomated);
        p.check(orphanWaitMs >= 0, "review.outcomes.orphanWaitMs", "must be ≥ 0, was " + orphanWaitMs);
        p.check(!enabled() || windowMs <= retentionMs, "review.outcomes.windowMs",
                "must not exceed review.outcomes.retentionMs (" + retentionMs + "), was " + windowMs);
    }
}
