package io.triage.spec;

import java.io.Serializable;
import java.util.List;

/**
 * How labels are accepted.
 *
 * @param annotators          allow-list of annotator ids (empty: anyone)
 * @param orphanLabelWaitMs   a label that arrives before its review request waits this long for it
 * @param resolvedRetentionMs how long a decided record id is remembered to reject duplicate and late labels
 */
public record ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs)
        implements Serializable {
    public ReviewSpec {
        annotators = annotators == null ? List.of() : List.copyOf(annotators);
        orphanLabelWaitMs = orphanLabelWaitMs == null ? 60_000L : orphanLabelWaitMs;
        resolvedRetentionMs = resolvedRetentionMs == null ? 86_400_000L : resolvedRetentionMs;
    }

    public static ReviewSpec defaults() {
        return new ReviewSpec(null, null, null);
    }

    void validate(Problems p) {
        p.check(orphanLabelWaitMs >= 0, "review.orphanLabelWaitMs", "must be ≥ 0, was " + orphanLabelWaitMs);
        p.check(resolvedRetentionMs >= 0, "review.resolvedRetentionMs", "must be ≥ 0, was " + resolvedRetentionMs);
    }
}
