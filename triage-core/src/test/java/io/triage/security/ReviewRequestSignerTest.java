package io.triage.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.codec.Json;
import io.triage.codec.ReviewRequestDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReviewRequestSignerTest {
    private final ReviewRequestSigner signer =
            new ReviewRequestSigner("the-review-request-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));

    private static ReviewRequest request(String predicted, double confidence) {
        return new ReviewRequest("tx-1", "fraud", 7, "{\"memo\":\"caf\\u00e9 \\\"x\\\"\"}", new int[] {0, 9},
                new double[] {0.1 + 0.2, -0.0}, predicted, new String[] {"fraud", "ok"},
                new double[] {1.0 / 3, 2.0 / 3}, confidence, Route.AUDIT, 1.0, 99, 4, 3, 1 / 0.02, 5, null);
    }

    @Test
    void theSignatureSurvivesTheJsonRoundTrip() throws Exception {
        ReviewRequest signed = signer.sign(request("ok", 2.0 / 3));
        ReviewRequest back = new ReviewRequestDecoder().decode(Json.write(signed));
        assertTrue(signer.verify(back));
        // null and absent predicted: the same (JSON omits nulls)
        ReviewRequest cold = signer.sign(request(null, 0));
        assertTrue(signer.verify(new ReviewRequestDecoder().decode(Json.write(cold))));
    }

    @Test
    void anyChangedFieldBreaksIt() {
        ReviewRequest signed = signer.sign(request("ok", 2.0 / 3));
        assertFalse(signer.verify(signer.sign(request("fraud", 2.0 / 3)).withSignature(signed.signature())));
        assertFalse(signer.verify(signer.sign(request("ok", 0.7)).withSignature(signed.signature())));
        assertFalse(signer.verify(signed.withSignature(null)));
        assertFalse(new ReviewRequestSigner("another-review-request-key-32byt".getBytes()).verify(signed));
    }

    @Test
    void withoutAKeyNothingIsSignedOrVerified() {
        ReviewRequestSigner none = new ReviewRequestSigner(null);
        ReviewRequest r = request("ok", 0.5);
        assertSame(r, none.sign(r));
        assertFalse(none.verify(r));
    }
}
