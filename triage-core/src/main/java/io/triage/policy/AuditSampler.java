package io.triage.policy;

import org.tribuo.util.MurmurHash3;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic audit draw: a record is audited when the hash of its id (and model) falls below the audit
 * rate. Replaying a record gives the same draw, and the draw is independent of its features, so audited
 * outcomes are a uniform sample of the confident ones. The seed is public: the routing uses {@link AuditDraw},
 * keyed by the job's secret, and falls back to this draw only without one.
 */
public final class AuditSampler {
    private static final int SEED = 0x5eed_a0d1;

    private AuditSampler() {}

    /** A uniform number in [0, 1) fixed by the record id and model id. */
    public static double uniform(String model, String recordId) {
        byte[] b = (model + '\u0000' + recordId).getBytes(StandardCharsets.UTF_8);
        MurmurHash3.LongPair out = new MurmurHash3.LongPair();
        MurmurHash3.murmurhash3_x64_128(b, 0, b.length, SEED, out);
        return (out.val1 >>> 11) * 0x1.0p-53;
    }

    public static boolean audited(String model, String recordId, double auditRate) {
        return uniform(model, recordId) < auditRate;
    }

    /** Inverse probability weight of an audited outcome. */
    public static double weight(double auditRate) {
        return 1.0 / auditRate;
    }
}
