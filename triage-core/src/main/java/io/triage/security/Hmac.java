package io.triage.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** HMAC-SHA256 and its lowercase-hex form, the one MAC every signature of the project uses. */
public final class Hmac {
    public static final String ALGORITHM = "HmacSHA256";

    private Hmac() {}

    public static Mac mac(byte[] key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(new SecretKeySpec(key, ALGORITHM));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e); // every Java 17 runtime has it
        }
    }

    public static byte[] sha256(byte[] key, byte[] message) {
        return mac(key).doFinal(message);
    }

    public static byte[] sha256(byte[] key, String message) {
        return sha256(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Whether {@code hex} is the MAC of {@code message}, compared in constant time (no timing oracle). */
    public static boolean matches(byte[] key, byte[] message, String hex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(key, message), given);
    }
}
