package io.triage.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Label;
import io.triage.security.LabelSigner;

import java.time.Instant;

/**
 * Writes one {@code labels} message, as {@link LabelDecoder} reads it: {"id","model","label","annotator","ts",
 * "eventId","signature"}, the timestamp as ISO-8601 in whole milliseconds (what the job reads, and so what is
 * signed), the signature under the annotator's key when there is one.
 */
public final class LabelEncoder {
    private LabelEncoder() {}

    /** @param key the annotator's key (null: unsigned, for a job that does not require signatures) */
    public static ObjectNode encode(Label l, byte[] key) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", l.id());
        if (l.model() != null) n.put("model", l.model());
        n.put("label", l.label());
        n.put("annotator", l.annotator());
        n.put("ts", Instant.ofEpochMilli(l.ts()).toString());
        if (l.eventId() != null) n.put("eventId", l.eventId());
        if (key != null) n.put("signature", LabelSigner.sign(key, l));
        return n;
    }
}
