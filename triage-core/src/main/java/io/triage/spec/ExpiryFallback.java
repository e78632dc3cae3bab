package io.triage.spec;

/** What an expired review request decides. */
public enum ExpiryFallback {
    /** The model's routing-time prediction, marked EXPIRED. */
    MODEL,
    /** No decision (null class), marked EXPIRED: a downstream system must handle it. */
    ABSTAIN;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ExpiryFallback parse(String s) {
        return ExpiryFallback.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
