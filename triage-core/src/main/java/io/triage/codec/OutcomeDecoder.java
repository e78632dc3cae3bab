package io.triage.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.InvalidInputException;
import io.triage.event.Outcome;

import java.io.Serializable;

/**
 * Decodes one {@code outcomes} message: {"outcomeId","model","recordId","label","source","ts"}. The outcome id,
 * the record id and the true class are required.
 */
public final class OutcomeDecoder implements Serializable {
    private final int maxBytes;

    public OutcomeDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Outcome decode(String raw, long now) throws InvalidInputException {
        JsonNode o = Messages.parseObject(raw, maxBytes);
        String outcomeId = Fields.requiredString(o, "outcomeId");
        String recordId = Fields.requiredString(o, "recordId");
        String label = Fields.requiredString(o, "label");
        String model = Fields.optionalString(o, "model");
        String source = Fields.optionalString(o, "source");
        long ts = Fields.timestamp(o, "ts", now);
        return new Outcome(outcomeId, model, recordId, label, source, ts);
    }
}
