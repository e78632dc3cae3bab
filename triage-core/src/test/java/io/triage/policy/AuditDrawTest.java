package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, secret audit draw: with the public seed anyone can compute which records will be audited (and send
 * the rest past the audit). Keyed, the draw is unpredictable without the key, yet reproducible with it.
 */
class AuditDrawTest {
    private static final int N = 100_000;
    private static final byte[] K1 = "audit-key-one-of-thirty-two-byte".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K2 = "audit-key-two-of-thirty-two-byte".getBytes(StandardCharsets.US_ASCII);

    private static Set<String> audited(AuditDraw d, double rate) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < N; i++) if (d.audited("fraud", "tx-" + i, rate)) s.add("tx-" + i);
        return s;
    }

    @Test
    void differentKeysDrawDifferentAuditsAndTheSameKeyTheSame() {
        Set<String> a = audited(AuditDraw.keyed(K1), 0.05);
        Set<String> b = audited(AuditDraw.keyed(K2), 0.05);
        Set<String> pub = audited(AuditDraw.unkeyed(), 0.05);
        assertEquals(a, audited(AuditDraw.keyed(K1.clone()), 0.05)); // a restart, a replay: the same audits
        // independent draws overlap by about rate² of the records, not by rate
        Set<String> ab = new HashSet<>(a);
        ab.retainAll(b);
        assertEquals(0.05 * 0.05, (double) ab.size() / N, 0.001);
        Set<String> ap = new HashSet<>(a);
        ap.retainAll(pub);
        assertEquals(0.05 * 0.05, (double) ap.size() / N, 0.001); // the public seed predicts nothing
        assertNotEquals(AuditDraw.keyed(K1).uniform("fraud", "tx-1"), AuditDraw.keyed(K2).uniform("fraud", "tx-1"));
    }

    @Test
    void theAuditedShareStaysTheRateAndNested() {
        AuditDraw d = AuditDraw.keyed(K1);
        for (double rate : new double[] {0.02, 0.1, 0.5}) {
            assertEquals(rate, (double) audited(d, rate).size() / N, 0.005, "rate " + rate);
        }
        for (int i = 0; i < 10_000; i++) {
            double u = d.uniform("m", "r" + i);
            assertTrue(u >= 0 && u < 1);
            if (d.audited("m", "r" + i, 0.02)) assertTrue(d.audited("m", "r" + i, 0.1));
        }
        assertNotEquals(d.uniform("a", "id-1"), d.uniform("b", "id-1"));
    }

    @Test
    void withoutAKeyItIsTheOldPublicDraw() {
        for (int i = 0; i < 1000; i++) {
            assertEquals(AuditSampler.uniform("fraud", "tx-" + i), AuditDraw.unkeyed().uniform("fraud", "tx-" + i));
        }
        assertEquals(AuditDraw.unkeyed().uniform("m", "x"), AuditDraw.keyed(null).uniform("m", "x"));
    }
}
