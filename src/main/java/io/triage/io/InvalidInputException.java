package io.triage.io;

/** Input that cannot be decoded; {@link #reason()} is a stable code (dead-letter reason, metrics key). */
public class InvalidInputException extends Exception {
    private final String reason;

    public InvalidInputException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
