package io.triage.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.Label;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabelSignerTest {
    private static final byte[] ALICE = "triage-test-key-alice-0123456789".getBytes(StandardCharsets.US_ASCII);

    /**
     * Test vectors computed outside Java:
     * <pre>
     * printf 'triage-label-v1\ntx-1\nfraud\nfraud\nalice\n1795514400000\nev-1' \
     *   | openssl dgst -sha256 -mac HMAC -macopt key:triage-test-key-alice-0123456789
     * python3 -c 'import hmac,hashlib; print(hmac.new(b"triage-test-key-alice-0123456789",
     *   b"triage-label-v1\ntx-2\n\nlegit\nalice\n1795514400000\n", hashlib.sha256).hexdigest())'
     * </pre>
     * (1795514400000 = 2026-11-24T10:00:00Z.)
     */
    @Test
    void matchesIndependentlyComputedVectors() {
        Label full = new Label("tx-1", "fraud", "fraud", "alice", 1_795_514_400_000L, "ev-1");
        assertEquals("triage-label-v1\ntx-1\nfraud\nfraud\nalice\n1795514400000\nev-1", LabelSigner.canonical(full));
        assertEquals("953db08407919bfa0136591dc25c17e457266dcf8e5cd3f63ce19fe8cecf1b85", LabelSigner.sign(ALICE, full));
        // absent model and eventId are empty fields
        Label bare = new Label("tx-2", null, "legit", "alice", 1_795_514_400_000L, null);
        assertEquals("eab9f4eb858e74925beabed879da9c83c65819cc42222c6ffd0a288c8aefc173", LabelSigner.sign(ALICE, bare));
    }

    @Test
    void verifiesOnlyTheSignedLabel() {
        Label l = new Label("tx-1", "fraud", "fraud", "alice", 1_795_514_400_000L, "ev-1");
        String sig = LabelSigner.sign(ALICE, l);
        assertTrue(LabelSigner.verify(ALICE, l, sig));
        assertTrue(LabelSigner.verify(ALICE, l, sig.toUpperCase()));
        assertFalse(LabelSigner.verify(ALICE, new Label("tx-1", "fraud", "legit", "alice", l.ts(), "ev-1"), sig));
        assertFalse(LabelSigner.verify(ALICE, new Label("tx-1", "fraud", "fraud", "alice", l.ts() + 1, "ev-1"), sig));
        assertFalse(LabelSigner.verify("another-key-of-thirty-two-bytes!".getBytes(StandardCharsets.US_ASCII), l, sig));
        assertFalse(LabelSigner.verify(ALICE, l, "zz"));
        assertFalse(LabelSigner.verify(ALICE, l, sig.substring(2)));
    }

    @Test
    void fieldsWithLineBreaksCannotBeSigned() {
        // "a\nb" + "c" and "a" + "b\nc" would otherwise have the same canonical form
        assertThrows(IllegalArgumentException.class,
                () -> LabelSigner.canonical(new Label("a\nb", "c", "x", "alice", 1, null)));
    }
}
