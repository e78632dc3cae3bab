package io.triage.spec;

import java.io.Serializable;

/**
 * How decided records may be contested. The job keeps each decision with the record's features for
 * {@code windowMs} (state that grows with the decisions made in a window: about the features' JSON plus 200
 * bytes per decision), so appeals are off (0) unless a deployment opens a window.
 *
 * @param windowMs     how long after its decision a record may be appealed; 0: appeals are refused
 * @param deadlineMs   how long an appeal review may take before it expires unanswered
 * @param maxPerRecord appeals accepted per record, at most (one is what the right to contest asks for)
 */
public record AppealSpec(Long windowMs, Long deadlineMs, Integer maxPerRecord) implements Serializable {
    public AppealSpec {
        windowMs = windowMs == null ? 0L : windowMs;
        deadlineMs = deadlineMs == null ? 86_400_000L : deadlineMs;
        maxPerRecord = maxPerRecord == null ? 1 : maxPerRecord;
    }

    public static AppealSpec defaults() {
        return new AppealSpec(null, null, null);
    }

    public boolean enabled() {
        return windowMs > 0;
    }

    void validate(Problems p) {
        p.check(windowMs >= 0, "review.appeals.windowMs", "must be ≥ 0, was " + windowMs);
        p.check(deadlineMs > 0, "review.appeals.deadlineMs", "must be > 0, was " + deadlineMs);
        p.check(maxPerRecord >= 1, "review.appeals.maxPerRecord", "must be ≥ 1, was " + maxPerRecord);
    }
}
