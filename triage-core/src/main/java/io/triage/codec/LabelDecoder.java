package io.triage.codec;

import io.triage.event.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.Label;
import io.triage.security.KeyRing;
import io.triage.security.LabelSigner;

import java.io.Serializable;

/**
 * Decodes one {@code labels} message: {"id","model","label","annotator","ts","eventId","signature"}. A signature
 * ({@link LabelSigner}) is checked whenever the annotator has a key; without one the label passes only when
 * signatures are not required.
 */
public final class LabelDecoder implements Serializable {
    private final int maxBytes;
    private final transient KeyRing keys;
    private final boolean requireSignatures;

    public LabelDecoder(int maxBytes) {
        this(maxBytes, KeyRing.none(), false);
    }

    public LabelDecoder(int maxBytes, KeyRing keys, boolean requireSignatures) {
        this.maxBytes = maxBytes;
        this.keys = keys;
        this.requireSignatures = requireSignatures;
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
        Label decoded = new Label(id, model, label, annotator, ts, eventId);
        checkSignature(decoded, signature(o));
        return decoded;
    }

    private static String signature(JsonNode o) throws InvalidInputException {
        JsonNode n = o.get("signature");
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) {
            throw new InvalidInputException("wrong-type", "field 'signature' must be a hex string, was " + n.getNodeType());
        }
        return n.textValue().strip();
    }

    private void checkSignature(Label l, String signature) throws InvalidInputException {
        if (signature == null || signature.isEmpty()) {
            if (requireSignatures) throw new InvalidInputException("unsigned-label", "label carries no signature");
            return;
        }
        byte[] key = keys == null ? null : keys.annotatorKey(l.annotator()); // null: deserialized, never opened
        if (key == null) {
            if (requireSignatures) {
                throw new InvalidInputException("bad-signature", "no key for annotator '" + l.annotator() + "'");
            }
            return; // nothing to check it against, and nothing demands it
        }
        boolean ok;
        try {
            ok = LabelSigner.verify(key, l, signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("bad-signature", e.getMessage());
        }
        if (!ok) throw new InvalidInputException("bad-signature", "signature does not match the label");
    }
}
