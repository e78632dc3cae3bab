package io.triage.security;

import javax.crypto.Mac;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 under one key, with one initialised {@link Mac} per thread: looking the algorithm up and keying it
 * again for every message cost a third of a signature on the review path. A {@link Mac} is reset by
 * {@code doFinal}, so a thread's instance is ready for its next message. Not serializable: the key stays where it
 * was read.
 */
public final class HmacKey {
    private final ThreadLocal<Mac> mac;

    public HmacKey(byte[] key) {
        byte[] k = key.clone();
        this.mac = ThreadLocal.withInitial(() -> Hmac.mac(k));
    }

    public byte[] sha256(byte[] message) {
        return mac.get().doFinal(message);
    }

    /** Whether {@code hex} is the MAC of {@code message}, compared in constant time (as {@link Hmac#matches}). */
    public boolean matches(byte[] message, String hex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(message), given);
    }
}
