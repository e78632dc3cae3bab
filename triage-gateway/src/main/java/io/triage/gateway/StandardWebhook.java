package io.triage.gateway;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Verifies a webhook signed by the Standard Webhooks scheme (which Argilla uses): HMAC-SHA256 under the
 * endpoint's secret over {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as one or more space-separated
 * {@code v1,<base64>} in {@code webhook-signature}. A timestamp more than five minutes away from now is refused,
 * so a captured request cannot be replayed later.
 */
public final class StandardWebhook {
    static final long TOLERANCE_SECONDS = 5 * 60;

    private final byte[] key;

    /** @param secret the endpoint's secret: {@code whsec_<base64>}, as the sender shows it */
    public StandardWebhook(String secret) {
        String s = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = Base64.getDecoder().decode(s);
        if (key.length < 16) throw new IllegalArgumentException("a webhook secret of at least 16 bytes is needed");
    }

    /**
     * @param id         the {@code webhook-id} header
     * @param timestamp  the {@code webhook-timestamp} header, seconds since the epoch
     * @param signatures the {@code webhook-signature} header
     * @param body       the raw body, exactly as received
     */
    public boolean verify(String id, String timestamp, String signatures, byte[] body, long nowMs) {
        if (id == null || timestamp == null || signatures == null) return false;
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowMs / 1000 - ts) > TOLERANCE_SECONDS) return false;
        byte[] expected = sign(id, ts, body);
        for (String sig : signatures.trim().split(" ")) {
            int comma = sig.indexOf(',');
            if (comma < 0 || !sig.substring(0, comma).equals("v1")) continue;
            byte[] given;
            try {
                given = Base64.getDecoder().decode(sig.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) return true;
        }
        return false;
    }

    /** The signature over one message: what a sender base64-encodes after {@code v1,}. */
    public byte[] sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
