package io.triage.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.Appeal;
import io.triage.event.InvalidInputException;

import java.io.Serializable;

/**
 * Decodes one {@code appeals} message: {"appealId","model","recordId","reason","appellant","ts"}. The appeal id
 * and the record id are required, and a reason: a reviewer must know what is contested.
 */
public final class AppealDecoder implements Serializable {
    /** Longest reason kept: an appeal review shows it, it is not a document store. */
    public static final int MAX_REASON_LENGTH = 2_000;
    private final int maxBytes;

    public AppealDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Appeal decode(String raw, long now) throws InvalidInputException {
        JsonNode o = Messages.parseObject(raw, maxBytes);
        String appealId = Fields.requiredString(o, "appealId");
        String recordId = Fields.requiredString(o, "recordId");
        String model = Fields.optionalString(o, "model");
        JsonNode r = o.get("reason");
        if (r == null || r.isNull() || !r.isTextual() || r.textValue().isBlank()) {
            throw new InvalidInputException("missing-reason", "field 'reason' must say what is contested");
        }
        if (r.textValue().length() > MAX_REASON_LENGTH) {
            throw new InvalidInputException("too-long", "field 'reason' is longer than " + MAX_REASON_LENGTH);
        }
        String appellant = Fields.optionalString(o, "appellant");
        long ts = Fields.timestamp(o, "ts", now);
        return new Appeal(appealId, model, recordId, r.textValue().strip(), appellant, ts);
    }
}
