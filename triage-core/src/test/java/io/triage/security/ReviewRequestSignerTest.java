package io.triage.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AppealContext;
import io.triage.event.Contribution;
import io.triage.event.DecisionSource;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.codec.Json;
import io.triage.codec.ReadBack;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.event.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewRequestSignerTest {
    private final ReviewRequestSigner signer =
            new ReviewRequestSigner("the-review-request-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));

    private static ReviewRequest request(String predicted, double confidence) {
        return new ReviewRequest("tx-1", "fraud", 7, "{\"memo\":\"caf\\u00e9 \\\"x\\\"\"}", new int[] {0, 9},
                new double[] {0.1 + 0.2, -0.0}, predicted, new String[] {"fraud", "ok"},
                new double[] {1.0 / 3, 2.0 / 3}, confidence, Route.AUDIT, 1.0, 99, 4, 3, 1 / 0.02, 5, null);
    }

    private static final ReviewRequestDecoder READ_BACK = ReadBack.decoder(null);

    private static ReviewRequest scored(ReviewRequest r) throws Exception {
        return ReadBack.scored(r);
    }

    @Test
    void theSignatureSurvivesTheJsonRoundTrip() throws Exception {
        ReviewRequest signed = signer.sign(scored(request("ok", 2.0 / 3)));
        ReviewRequest back = READ_BACK.decode(Json.write(signed));
        assertTrue(signer.verify(back));
        // null and absent predicted: the same (JSON omits nulls)
        ReviewRequest cold = signer.sign(scored(request(null, 0)));
        assertTrue(signer.verify(READ_BACK.decode(Json.write(cold))));
    }

    /**
     * The signature covers the vector the job scored, though the message leaves it out: a reader whose extraction
     * gives another vector (another spec) refuses the request rather than learning what was not scored.
     */
    @Test
    void theLeftOutVectorIsCheckedByTheSignature() throws Exception {
        ReviewRequestDecoder job = ReadBack.decoder(signer);
        String json = Json.write(signer.sign(scored(request("ok", 2.0 / 3))));
        assertFalse(Json.MAPPER.readTree(json).has("indices"), json);
        assertTrue(job.decode(json).indices().length > 0);
        // the request's own vector [0, 9] is not what its features give: signed with it, it is refused when read
        String other = Json.write(signer.sign(request("ok", 2.0 / 3)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> job.decode(other));
        assertEquals("bad signature", e.getMessage());
    }

    @Test
    void anyChangedFieldBreaksIt() {
        ReviewRequest signed = signer.sign(request("ok", 2.0 / 3));
        assertFalse(signer.verify(signer.sign(request("fraud", 2.0 / 3)).withSignature(signed.signature())));
        assertFalse(signer.verify(signer.sign(request("ok", 0.7)).withSignature(signed.signature())));
        assertFalse(signer.verify(signed.withSignature(null)));
        assertFalse(new ReviewRequestSigner("another-review-request-key-32byt".getBytes()).verify(signed));
    }

    /**
     * The previous build's layout (v1, features a JSON string) still verifies its signatures: made before requests
     * carried contributions or an appeal, these were computed by that build and must not change.
     */
    @Test
    void thePreviousLayoutVerifiesThePreviousSignatures() {
        ReviewRequest r = request("ok", 2.0 / 3);
        assertTrue(signer.verifyPrevious(r.withSignature("00bc8e28ccac53df3b73de609632e31d778babdca57a407f24c827a7fb2a8686")));
        ReviewRequest appeal = new ReviewRequest("tx-1", "fraud", 7, "{}", new int[0], new double[0], "ok", null, null,
                0.5, Route.APPEAL, 1.0, 99, 4, 3, 1.0, 5, null,
                new AppealContext("ap-1", "why", null, "ok", DecisionSource.AUTO, null, 3));
        assertTrue(signer.verifyPrevious(appeal.withSignature("85b57d8b15f75c4eab5df31666d457c06a373df06836ceb52c548b8238fe279f")));
        // this build signs another layout: a previous signature is no signature of it, nor the other way round
        assertFalse(signer.verify(r.withSignature("00bc8e28ccac53df3b73de609632e31d778babdca57a407f24c827a7fb2a8686")));
        assertFalse(signer.verifyPrevious(signer.sign(r)));
    }

    /** The features are signed as the object a reader gets back: whitespace and escapes of the writer do not matter. */
    @Test
    void theFeaturesAreSignedAsTheirObject() {
        ReviewRequest signed = signer.sign(request("ok", 2.0 / 3));
        ReviewRequest spaced = new ReviewRequest("tx-1", "fraud", 7, " { \"memo\" : \"café \\\"x\\\"\" } ", new int[] {0, 9},
                new double[] {0.1 + 0.2, -0.0}, "ok", new String[] {"fraud", "ok"},
                new double[] {1.0 / 3, 2.0 / 3}, 2.0 / 3, Route.AUDIT, 1.0, 99, 4, 3, 1 / 0.02, 5, null);
        assertTrue(signer.verify(spaced.withSignature(signed.signature())));
        ReviewRequest other = new ReviewRequest("tx-1", "fraud", 7, "{\"memo\":\"cafe \\\"x\\\"\"}", new int[] {0, 9},
                new double[] {0.1 + 0.2, -0.0}, "ok", new String[] {"fraud", "ok"},
                new double[] {1.0 / 3, 2.0 / 3}, 2.0 / 3, Route.AUDIT, 1.0, 99, 4, 3, 1 / 0.02, 5, null);
        assertFalse(signer.verify(other.withSignature(signed.signature())));
    }

    @Test
    void theFeaturesTravelAsAnObject() throws Exception {
        String json = Json.write(signer.sign(request("ok", 2.0 / 3)));
        assertTrue(Json.MAPPER.readTree(json).path("features").isObject(), json);
        assertEquals("café \"x\"", Json.MAPPER.readTree(json).path("features").path("memo").asText());
    }

    @Test
    void theContributionsAreSignedAndSurviveTheJsonRoundTrip() throws Exception {
        ReviewRequest signed = signer.sign(scored(explained(new Contribution("amount = 912.5", 1.25),
                new Contribution("memo: \"gift\"", -0.3333))));
        assertNotEquals(signer.sign(scored(request("ok", 2.0 / 3))).signature(), signed.signature());
        ReviewRequest back = READ_BACK.decode(Json.write(signed));
        assertEquals(2, back.contributions().length);
        assertTrue(signer.verify(back));
        // tampering: another value, another label, one left out, none at all
        for (ReviewRequest forged : List.of(
                explained(new Contribution("amount = 912.5", 1.26), new Contribution("memo: \"gift\"", -0.3333)),
                explained(new Contribution("amount = 912.5", 1.25), new Contribution("memo: \"card\"", -0.3333)),
                explained(new Contribution("amount = 912.5", 1.25)),
                explained((Contribution[]) null))) {
            assertFalse(signer.verify(scored(forged).withSignature(signed.signature())), Json.write(forged));
        }
        // an empty list is not the same as none
        assertNotEquals(signer.sign(explained()).signature(), signer.sign(explained((Contribution[]) null)).signature());
    }

    private static ReviewRequest explained(Contribution... contributions) {
        ReviewRequest r = request("ok", 2.0 / 3);
        return new ReviewRequest(r.recordId(), r.model(), r.ts(), r.features(), r.indices(), r.values(), r.predicted(),
                r.classes(), r.scores(), r.confidence(), Route.REVIEW, r.priority(), r.deadline(), r.modelVersion(),
                r.policyVersion(), 1.0, r.requestedAt(), null, null, contributions);
    }

    /**
     * The Scorer signs, and the read-back verifies, features that are canonical already without parsing them again:
     * the same signature as the general path, and a request read back verifies either way.
     */
    @Test
    void canonicalFeaturesSignAndVerifyAsTheGeneralPath() throws Exception {
        for (String raw : List.of("{\"memo\": \"caf\\u00e9 \\\"x\\\"\", \"amount\": 1.50e2}",
                "{\"amount\":-0.0,\"memo\":\"\\/\"}", "{\"amount\":12345678901234567890,\"memo\":\"\"}")) {
            String canonical = io.triage.codec.ReviewFeatures.bounded(raw);
            ReviewRequest r = scored(withFeatures(request("ok", 0.5), canonical));
            assertEquals(signer.sign(r).signature(), signer.signCanonical(r).signature(), canonical);
            ReviewRequest back = READ_BACK.decode(Json.write(signer.signCanonical(r)));
            assertEquals(canonical, back.features());
            assertTrue(signer.verifyCanonical(back));
            assertTrue(signer.verify(back));
            assertTrue(ReadBack.decoder(signer).decode(Json.write(signer.signCanonical(r))) != null);
            assertFalse(signer.verifyCanonical(back.withSignature(signer.sign(request("ok", 0.5)).signature())));
        }
        // not canonical: the general path canonicalises, this one signs the text as it is
        ReviewRequest loose = withFeatures(request("ok", 0.5), "{ \"amount\" : 150.0 }");
        assertNotEquals(signer.sign(loose).signature(), signer.signCanonical(loose).signature());
    }

    private static ReviewRequest withFeatures(ReviewRequest r, String features) {
        return new ReviewRequest(r.recordId(), r.model(), r.ts(), features, r.indices(), r.values(), r.predicted(),
                r.classes(), r.scores(), r.confidence(), r.reason(), r.priority(), r.deadline(), r.modelVersion(),
                r.policyVersion(), r.labelWeight(), r.requestedAt(), r.signature(), r.appeal(), r.contributions());
    }

    @Test
    void aKeyedMacIsTheSameMac() {
        byte[] key = "the-review-request-key-32-bytes!".getBytes(StandardCharsets.US_ASCII);
        HmacKey k = new HmacKey(key);
        for (String m : List.of("", "a", "a much longer message ".repeat(40))) {
            byte[] b = m.getBytes(StandardCharsets.UTF_8);
            assertEquals(Hmac.hex(Hmac.sha256(key, b)), Hmac.hex(k.sha256(b)));
            assertEquals(Hmac.hex(Hmac.sha256(key, b)), Hmac.hex(k.sha256(b))); // reused: reset after each
            assertTrue(k.matches(b, Hmac.hex(Hmac.sha256(key, b)).toUpperCase()));
            assertFalse(k.matches(b, "zz"));
        }
    }

    @Test
    void withoutAKeyNothingIsSignedOrVerified() {
        ReviewRequestSigner none = new ReviewRequestSigner(null);
        ReviewRequest r = request("ok", 0.5);
        assertSame(r, none.sign(r));
        assertFalse(none.verify(r));
    }

    /** A request without annotator accuracies is signed as the build before signed it: every other spec's, byte for byte. */
    @Test
    void aRequestWithoutAccuraciesKeepsItsSignature() {
        assertEquals("e5db4e0e0824853a19ba5423a0afae02fb7f7461443ce88d9da479e278ad0385",
                signer.sign(request("ok", 2.0 / 3)).signature());
    }

    @Test
    void theAnnotatorAccuraciesAreSignedAndSurviveTheJsonRoundTrip() throws Exception {
        java.util.Map<String, Double> acc = java.util.Map.of("alice", 0.98, "bob", 0.8012345678901234);
        ReviewRequest signed = signer.sign(scored(request("ok", 2.0 / 3)).withAnnotatorAccuracy(acc));
        String json = Json.write(signed);
        assertEquals("{\"alice\":0.98,\"bob\":0.8012345678901234}",
                Json.MAPPER.readTree(json).path("annotatorAccuracy").toString());
        ReviewRequest back = ReadBack.decoder(signer).decode(json);
        assertEquals(acc, back.annotatorAccuracy());
        assertTrue(signer.verify(back));
        // tampering: another accuracy, one left out, one added, none at all
        for (java.util.Map<String, Double> forged : List.of(java.util.Map.of("alice", 0.6, "bob", 0.8012345678901234),
                java.util.Map.of("alice", 0.98), java.util.Map.of("alice", 0.98, "bob", 0.8012345678901234, "eve", 0.99))) {
            assertFalse(signer.verify(scored(request("ok", 2.0 / 3)).withAnnotatorAccuracy(forged)
                    .withSignature(signed.signature())), forged.toString());
        }
        assertFalse(signer.verify(scored(request("ok", 2.0 / 3)).withSignature(signed.signature())));
    }

    @Test
    void accuraciesOutOfRangeAreRefusedOnReadBack() throws Exception {
        ReviewRequestDecoder unsigned = ReadBack.decoder(null); // the ranges alone
        ReviewRequest r = scored(request("ok", 2.0 / 3));
        assertEquals(java.util.Map.of("alice", 0.9), unsigned.decode(Json.write(r.withAnnotatorAccuracy(
                java.util.Map.of("alice", 0.9)))).annotatorAccuracy());
        for (java.util.Map<String, Double> bad : List.of(java.util.Map.of("alice", 1.5), java.util.Map.of(" ", 0.9))) {
            String json = Json.write(r.withAnnotatorAccuracy(bad));
            assertThrows(InvalidInputException.class, () -> unsigned.decode(json), bad.toString());
        }
        String nan = Json.write(r).replaceFirst("\\{", "{\"annotatorAccuracy\":{\"alice\":null},");
        assertThrows(InvalidInputException.class, () -> unsigned.decode(nan));
    }
}
