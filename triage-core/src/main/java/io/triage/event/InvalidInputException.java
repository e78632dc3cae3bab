package io.triage.event;

/**
 * Input that cannot be used — a message that does not decode, or a record whose features do not fit its model.
 * {@link #reason()} is a stable code: the dead letter's reason and the key of its rejection counter. The record's
 * id and model are set once known (null when the message did not even decode), so the audit event can name them.
 */
public class InvalidInputException extends Exception {
    private final String reason;
    private final String recordId;
    private final String model;

    public InvalidInputException(String reason, String detail) {
        this(reason, detail, null, null);
    }

    private InvalidInputException(String reason, String detail, String recordId, String model) {
        super(detail);
        this.reason = reason;
        this.recordId = recordId;
        this.model = model;
    }

    /** The same rejection, about the record {@code recordId} of {@code model}. */
    public InvalidInputException about(String recordId, String model) {
        return new InvalidInputException(reason, getMessage(), recordId, model);
    }

    public String reason() {
        return reason;
    }

    public String recordId() {
        return recordId;
    }

    public String model() {
        return model;
    }
}
