package io.triage.feature;

/** A record whose features cannot be used; {@link #reason()} is a stable code for dead-letter counts. */
public class InvalidFeatureException extends Exception {
    private final String reason;

    public InvalidFeatureException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
