package io.triage.codec;

import io.triage.event.InvalidInputException;
import io.triage.event.ReviewRequest;
import io.triage.security.ReviewRequestSigner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review requests the previous build wrote (features a JSON string inside JSON, signed in its layout), e.g. still in
 * the topic when the job and the gateway are upgraded: read back, they decode and verify. The fixture was written by
 * the previous build's {@code ReviewRequest}, {@code ReviewRequestSigner} and {@code Json} (key below).
 */
class PreviousReviewRequestsTest {
    private static final ReviewRequestSigner SIGNER =
            new ReviewRequestSigner("the-review-request-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));
    private static final ReviewRequestDecoder READ_BACK = new ReviewRequestDecoder(
            Map.of("fraud", new ReviewRequestDecoder.Limits(1027, 20.0)), SIGNER);

    private static List<String> fixture() throws IOException {
        try (InputStream in = PreviousReviewRequestsTest.class.getResourceAsStream("/review-requests/previous-build.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void previousRequestsDecodeAndVerify() throws Exception {
        List<String> lines = fixture();
        assertEquals(2, lines.size());
        ReviewRequest review = READ_BACK.decode(lines.get(0));
        assertEquals("{\"amount\":912.5,\"country\":\"NG\",\"memo\":\"gift card \\\"x\\\" café\",\"card_present\":0}",
                review.features());
        assertArrayEquals(new int[] {0, 3, 517, 900}, review.indices());
        assertEquals(2, review.contributions().length);
        ReviewRequest audit = READ_BACK.decode(lines.get(1));
        assertEquals(20.0, audit.labelWeight());
        // written again by this build, the same request carries its features as an object
        String again = Json.write(SIGNER.sign(review));
        assertTrue(Json.MAPPER.readTree(again).path("features").isObject());
        assertEquals(review.features(), new ReviewRequestDecoder().decode(again).features());
    }

    @Test
    void aTamperedPreviousRequestIsRefused() throws Exception {
        String line = fixture().get(0);
        for (String forged : List.of(line.replace("912.5,\\\"country", "91.5,\\\"country"),
                line.replace("[0,3,517,900]", "[0,3,517,901]"),
                // the previous signature on the features turned into an object: not this build's layout
                Json.MAPPER.readTree(line).deepCopy() instanceof com.fasterxml.jackson.databind.node.ObjectNode o
                        ? o.set("features", Json.MAPPER.readTree(o.path("features").asText())).toString() : line)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> READ_BACK.decode(forged), forged);
            assertEquals("bad signature", e.getMessage(), forged);
        }
    }
}
