package io.triage.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the example of the Standard Webhooks specification (secret, id, timestamp, body and signature). */
class StandardWebhookTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TS = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final long NOW = 1614265330_000L;

    private final StandardWebhook hook = new StandardWebhook(SECRET);

    @Test
    void theSpecificationsExampleVerifies() {
        assertTrue(hook.verify(ID, TS, SIGNATURE, BODY, NOW));
        // one of several signatures (a secret being rotated) is enough
        assertTrue(hook.verify(ID, TS, "v1,AAAA" + " " + SIGNATURE, BODY, NOW + 60_000));
    }

    @Test
    void anythingChangedDoesNot() {
        assertFalse(hook.verify(ID, TS, SIGNATURE, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), NOW));
        assertFalse(hook.verify("msg_other", TS, SIGNATURE, BODY, NOW));
        assertFalse(hook.verify(ID, "1614265331", SIGNATURE, BODY, NOW));
        assertFalse(hook.verify(ID, TS, "v2," + SIGNATURE.substring(3), BODY, NOW), "only v1 is understood");
        assertFalse(new StandardWebhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]))
                .verify(ID, TS, SIGNATURE, BODY, NOW), "another secret");
        assertFalse(hook.verify(ID, TS, null, BODY, NOW));
        assertFalse(hook.verify(ID, "not-a-number", SIGNATURE, BODY, NOW));
    }

    @Test
    void anOldOrFutureTimestampIsAReplay() {
        assertFalse(hook.verify(ID, TS, SIGNATURE, BODY, NOW + (StandardWebhook.TOLERANCE_SECONDS + 1) * 1000));
        assertFalse(hook.verify(ID, TS, SIGNATURE, BODY, NOW - (StandardWebhook.TOLERANCE_SECONDS + 1) * 1000));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StandardWebhook("whsec_c2hvcnQ="));
    }
}
