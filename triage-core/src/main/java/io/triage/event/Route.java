package io.triage.event;

/** Where the Scorer sends a record. */
public enum Route {
    /** Confident: decided automatically. */
    AUTO,
    /** Uncertain: below the threshold, a human decides. */
    REVIEW,
    /** Confident, but drawn by the audit sampler for a quality check. */
    AUDIT,
    /** No model or not enough verified evidence yet: a human decides. */
    COLD_START,
    /** Budget mode: chosen for labeling by the active-learning strategy. */
    ACTIVE,
    /**
     * Confident, but its Scorer has automated its lease of records since it last heard from the Learner: a human
     * decides until a newer policy update arrives (automation without feedback is bounded).
     */
    STALE,
    /** A decided record someone contested: a human other than the decision's annotator reviews it again. */
    APPEAL
}
