package io.triage.event;

/** Who made a decision. */
public enum DecisionSource {
    /** The model, automatically. */
    AUTO,
    /** A human annotator. */
    HUMAN,
    /** Nobody in time: the review deadline passed and the configured fallback applied. */
    EXPIRED
}
