package io.triage.security;

import io.triage.event.Label;

import java.nio.charset.StandardCharsets;

/**
 * The signature of a label: HMAC-SHA256, lowercase hex, under the annotator's key, over the canonical form
 * <pre>triage-label-v1\n{id}\n{model}\n{label}\n{annotator}\n{ts}\n{eventId}</pre>
 * ({@code ts} in epoch milliseconds, as the job reads it; an absent model or eventId is empty; UTF-8, no final
 * line break). A field holding a line break cannot be signed: it could shift text from one field to the next.
 * A labeling tool signs with e.g. {@code printf '%s' "$canonical" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY}.
 */
public final class LabelSigner {
    private static final String VERSION = "triage-label-v1";

    private LabelSigner() {}

    public static String canonical(String id, String model, String label, String annotator, long ts, String eventId) {
        StringBuilder b = new StringBuilder(VERSION);
        for (String f : new String[] {id, model, label, annotator, Long.toString(ts), eventId}) {
            String v = f == null ? "" : f;
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a signed label's fields cannot contain line breaks");
            }
            b.append('\n').append(v);
        }
        return b.toString();
    }

    public static String canonical(Label l) {
        return canonical(l.id(), l.model(), l.label(), l.annotator(), l.ts(), l.eventId());
    }

    public static String sign(byte[] key, Label l) {
        return Hmac.hex(Hmac.sha256(key, canonical(l)));
    }

    public static boolean verify(byte[] key, Label l, String signature) {
        return Hmac.matches(key, canonical(l).getBytes(StandardCharsets.UTF_8), signature);
    }
}
