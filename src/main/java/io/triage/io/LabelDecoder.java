package io.triage.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.Label;

import java.io.Serializable;

/** Decodes one {@code labels} message: {"id","model","label","annotator","ts","eventId"}. */
public final class LabelDecoder implements Serializable {
    private final int maxBytes;

    public LabelDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Label decode(String raw, long now) throws InvalidInputException {
        JsonNode o = Messages.parseObject(raw, maxBytes);
        String id = Fields.requiredString(o, "id");
        String model = Fields.optionalString(o, "model");
        JsonNode l = o.get("label");
        if (l != null && (l.isNumber() || l.isBoolean())) {
            throw new InvalidInputException("wrong-type", "field 'label' must be a string class name");
        }
        String label = Fields.requiredString(o, "label");
        String annotator = Fields.requiredString(o, "annotator");
        long ts = Fields.timestamp(o, "ts", now);
        String eventId = Fields.optionalString(o, "eventId");
        return new Label(id, model, label, annotator, ts, eventId);
    }
}
