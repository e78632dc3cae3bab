package io.triage.policy;

import io.triage.security.Hmac;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The audit draw of the Scorer and the replay: a uniform number in [0, 1) fixed by (model, record id), below
 * the audit rate = audited. Keyed (HMAC-SHA256 of {@code model \0 id} under the audit key derived from the job
 * secret), nobody without the key can tell which records will be audited, so nobody can steer records past the
 * audit; the draw is still a pure function of the id, so a restart or a replay with the same key draws the same.
 * Unkeyed it is {@link AuditSampler}'s public MurmurHash draw (predictable: the Scorer warns).
 * Not serializable: the key stays where it was read.
 */
public final class AuditDraw {
    private static final AuditDraw UNKEYED = new AuditDraw(null);
    private final ThreadLocal<Mac> mac;

    private AuditDraw(byte[] key) {
        byte[] k = key == null ? null : key.clone();
        this.mac = k == null ? null : ThreadLocal.withInitial(() -> Hmac.mac(k));
    }

    public static AuditDraw unkeyed() {
        return UNKEYED;
    }

    /** Keyed by {@code key}; null: {@link #unkeyed()}. */
    public static AuditDraw keyed(byte[] key) {
        return key == null ? UNKEYED : new AuditDraw(key);
    }

    public boolean isKeyed() {
        return mac != null;
    }

    public double uniform(String model, String recordId) {
        if (mac == null) return AuditSampler.uniform(model, recordId);
        byte[] h = mac.get().doFinal((model + '\u0000' + recordId).getBytes(StandardCharsets.UTF_8));
        return (ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53;
    }

    /** Nested in the rate: a record audited at rate a is audited at every larger rate. */
    public boolean audited(String model, String recordId, double auditRate) {
        return uniform(model, recordId) < auditRate;
    }
}
