package io.triage.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.Decision;
import io.triage.event.InvalidInputException;

import java.io.Serializable;

/**
 * Decodes a {@code decisions} message the job wrote, read back (read_committed) by the outcome desk: the
 * record id, the model, the source and when it was decided are required.
 */
public final class DecisionDecoder implements Serializable {
    private final int maxBytes;

    public DecisionDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Decision decode(String raw) throws InvalidInputException {
        JsonNode o = Messages.parseObject(raw, maxBytes);
        Fields.requiredString(o, "recordId");
        Fields.requiredString(o, "model");
        Fields.requiredString(o, "source");
        if (!o.path("decidedAt").canConvertToLong()) {
            throw new InvalidInputException("missing-decidedAt", "field 'decidedAt' must be epoch milliseconds");
        }
        try {
            return Json.MAPPER.treeToValue(o, Decision.class);
        } catch (Exception e) {
            throw new InvalidInputException("wrong-type", "not a decision: " + e.getMessage());
        }
    }
}
