package io.triage.spec;

import java.io.Serializable;
import java.util.List;

/**
 * How labels are accepted.
 *
 * @param annotators          allow-list of annotator ids (empty: anyone)
 * @param orphanLabelWaitMs   a label that arrives before its review request waits this long for it
 * @param resolvedRetentionMs how long a decided record id is remembered to reject duplicate and late labels
 * @param keysFile            the secrets (annotator keys, the job secret; see {@code security.KeyRing}): a path
 *                            that must exist on every TaskManager (a mounted Kubernetes Secret); null: no keys
 * @param requireSignatures   labels without a valid signature of their annotator are rejected (default false)
 * @param appeals             how decided records may be contested (off unless a window is set)
 * @param outcomes            how late ground truth is joined to decisions (off unless a retention is set)
 * @param consensus           how many labels each route needs and how they decide (default: one label decides)
 * @param correctionWindowMs  how long after giving a label its annotator may change it (by the labels' own times): the
 *                            change is a correction, applied as an amended decision and a relabel of the model, not
 *                            refused as a conflict (default 15 minutes; 0: never)
 */
public record ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs,
                         String keysFile, Boolean requireSignatures, AppealSpec appeals,
                         OutcomeSpec outcomes, ConsensusSpec consensus, Long correctionWindowMs) implements Serializable {
    /** The correction window unless the spec sets one: long enough to catch a slip, short enough to stay a slip. */
    public static final long DEFAULT_CORRECTION_WINDOW_MS = 15 * 60_000L;

    public ReviewSpec {
        consensus = consensus == null ? ConsensusSpec.defaults() : consensus;
        outcomes = outcomes == null ? OutcomeSpec.defaults() : outcomes;
        appeals = appeals == null ? AppealSpec.defaults() : appeals;
        annotators = annotators == null ? List.of() : List.copyOf(annotators);
        orphanLabelWaitMs = orphanLabelWaitMs == null ? 60_000L : orphanLabelWaitMs;
        resolvedRetentionMs = resolvedRetentionMs == null ? 86_400_000L : resolvedRetentionMs;
        // a decision is forgotten after the retention: the default window never outlasts it
        correctionWindowMs = correctionWindowMs == null ? Math.min(DEFAULT_CORRECTION_WINDOW_MS, Math.max(0, resolvedRetentionMs))
                : correctionWindowMs;
        requireSignatures = requireSignatures != null && requireSignatures;
    }

    public ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs, String keysFile,
                      Boolean requireSignatures, AppealSpec appeals, OutcomeSpec outcomes, ConsensusSpec consensus) {
        this(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, outcomes, consensus, null);
    }

    public ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs, String keysFile,
                      Boolean requireSignatures, AppealSpec appeals, OutcomeSpec outcomes) {
        this(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, outcomes, null);
    }

    public ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs) {
        this(annotators, orphanLabelWaitMs, resolvedRetentionMs, null, null, null, null);
    }

    public ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs, String keysFile,
                      Boolean requireSignatures, AppealSpec appeals) {
        this(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, null);
    }

    public ReviewSpec(List<String> annotators, Long orphanLabelWaitMs, Long resolvedRetentionMs, String keysFile,
                      Boolean requireSignatures) {
        this(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, null);
    }

    /** This review policy with {@code a} for appeals. */
    public ReviewSpec withAppeals(AppealSpec a) {
        return new ReviewSpec(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, a, outcomes, consensus, correctionWindowMs);
    }

    /** This review policy with {@code o} for late ground truth. */
    public ReviewSpec withOutcomes(OutcomeSpec o) {
        return new ReviewSpec(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, o, consensus, correctionWindowMs);
    }

    /** This review policy with {@code c} for consensus. */
    public ReviewSpec withConsensus(ConsensusSpec c) {
        return new ReviewSpec(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, outcomes, c, correctionWindowMs);
    }

    /** This review policy with a correction window of {@code ms} (0: a changed label is refused as a conflict). */
    public ReviewSpec withCorrectionWindow(long ms) {
        return new ReviewSpec(annotators, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, outcomes, consensus, ms);
    }

    public static ReviewSpec defaults() {
        return new ReviewSpec(null, null, null);
    }

    /** This review policy reading its secrets from {@code file} (the demo and the tests write their own). */
    public ReviewSpec withKeysFile(String file) {
        return new ReviewSpec(annotators, orphanLabelWaitMs, resolvedRetentionMs, file, requireSignatures, appeals, outcomes, consensus, correctionWindowMs);
    }

    /** This review policy with {@code annotator} on its allow-list too (an empty list already allows anyone). */
    public ReviewSpec withAnnotator(String annotator) {
        if (annotators.isEmpty() || annotators.contains(annotator)) return this;
        List<String> more = new java.util.ArrayList<>(annotators);
        more.add(annotator);
        return new ReviewSpec(more, orphanLabelWaitMs, resolvedRetentionMs, keysFile, requireSignatures, appeals, outcomes, consensus, correctionWindowMs);
    }

    void validate(Problems p) {
        p.check(orphanLabelWaitMs >= 0, "review.orphanLabelWaitMs", "must be ≥ 0, was " + orphanLabelWaitMs);
        p.check(correctionWindowMs >= 0, "review.correctionWindowMs", "must be ≥ 0, was " + correctionWindowMs);
        p.check(correctionWindowMs <= resolvedRetentionMs, "review.correctionWindowMs", "must be ≤ review.resolvedRetentionMs ("
                + resolvedRetentionMs + "): a decision is forgotten after that, was " + correctionWindowMs);
        p.check(resolvedRetentionMs >= 0, "review.resolvedRetentionMs", "must be ≥ 0, was " + resolvedRetentionMs);
        // the file itself is checked where it is read, on the TaskManagers: the client need not have it
        p.check(!requireSignatures || (keysFile != null && !keysFile.isBlank()), "review.keysFile",
                "is required when review.requireSignatures is true");
        appeals.validate(p);
        outcomes.validate(p);
    }
}
