package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DeadLetter;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.codec.Json;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, signed review requests: the read-back {@code review-requests} topic is writable by others. A forged
 * request must not crash-loop the Learner (index out of range, NaN), poison the evidence (NaN or huge weight) or
 * give an automated record a second decision: only what the job signed, and only in range, is joined.
 */
class ParseReviewRequestsTest {
    private static final String SPEC = """
            name: t
            models:
              - id: fraud
                classes: [fraud, ok]
                features: {amount: numeric}
                learning: {hashBits: 4}
                policy: {auditRate: 0.1}
            """;

    @TempDir
    Path dir;

    /**
     * A request as the job writes it: dimension 1 + 2^4 = 17, audit weight at most 1 / 0.1; its vector is what its
     * features give (so the message leaves it out: codec.ReviewVector).
     */
    private static ReviewRequest request() {
        return new ReviewRequest("tx-1", "fraud", 42L, "{\"amount\":10.0}", new int[] {0}, new double[] {10.0},
                "ok", new String[] {"fraud", "ok"}, new double[] {0.3, 0.7}, 0.7, Route.AUDIT, 1.0, 2_000, 5, 2,
                10.0, 1_000, null);
    }

    private JobSpec signedSpec() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.properties"),
                "job=dGhlLWpvYi1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=\n");
        return SpecLoader.parse(SPEC + "review: {keysFile: " + keys + "}\n");
    }

    private static OneInputStreamOperatorTestHarness<String, ReviewRequest> harness(JobSpec spec) throws Exception {
        var h = ProcessFunctionTestHarnesses.forProcessFunction(new ParseReviewRequests(spec));
        h.setProcessingTime(9_000);
        return h;
    }

    /** The request as a message that carries its vector, edited. */
    private static String edited(ReviewRequest r, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(Json.write(r));
        o.set("indices", Json.MAPPER.valueToTree(r.indices()));
        o.set("values", Json.MAPPER.valueToTree(r.values()));
        edit.accept(o);
        return o.toString();
    }

    private static void assertRejected(JobSpec spec, String raw, String detail) throws Exception {
        try (var h = harness(spec)) {
            h.processElement(raw, 0);
            assertTrue(h.extractOutputValues().isEmpty(), raw);
            List<DeadLetter> dl = side(h, Tags.DEAD_LETTER);
            assertEquals(1, dl.size(), raw);
            assertEquals("review-requests", dl.get(0).source());
            assertEquals("invalid-review-request", dl.get(0).reason());
            assertTrue(dl.get(0).detail().contains(detail), dl.get(0).detail() + " should say " + detail);
            List<AuditEvent> audit = side(h, Tags.AUDIT);
            assertEquals(1, audit.size());
            assertEquals(AuditType.INPUT_REJECTED, audit.get(0).type());
            assertTrue(audit.get(0).reason().startsWith("invalid-review-request:"), audit.get(0).reason());
        }
    }

    @Test
    void outOfRangeRequestsAreRejectedEvenWithoutKeys() throws Exception {
        JobSpec spec = SpecLoader.parse(SPEC);
        ReviewRequest r = request();
        assertRejected(spec, edited(r, o -> o.putArray("indices").add(17)), "index 17");
        assertRejected(spec, edited(r, o -> o.putArray("indices").add(-1)), "index -1");
        assertRejected(spec, edited(r, o -> o.putArray("values").addNull()), "values");
        assertRejected(spec, edited(r, o -> { }).replace("\"values\":[10.0]", "\"values\":[1e400]"), "values");
        // a vector left out must come from whole features
        assertRejected(spec, edited(r, o -> {
            o.remove("indices");
            o.remove("values");
            o.putObject("features").put("amount", "ten");
        }), "cannot be extracted");
        assertRejected(spec, edited(r, o -> o.put("labelWeight", 1e9)), "labelWeight");
        assertRejected(spec, edited(r, o -> o.put("labelWeight", 0.5)), "labelWeight");
        assertRejected(spec, edited(r, o -> o.remove("labelWeight")), "labelWeight");
        assertRejected(spec, edited(r, o -> o.put("confidence", 1.5)), "confidence");
        assertRejected(spec, edited(r, o -> o.putArray("scores").add(0.3).addNull()), "scores");
        assertRejected(spec, edited(r, o -> o.put("reason", "AUTO")), "reason");
        assertRejected(spec, edited(r, o -> o.put("reason", "BOGUS")), "");
        assertRejected(spec, edited(r, o -> o.put("model", "spam")), "model");
        // contributions: never on an audit (audits are blind), at most five, labelled, short and finite
        assertRejected(spec, edited(r, o -> o.putArray("contributions").addObject().put("label", "amount = 10")
                .put("value", 0.5)), "an audit carries no contributions");
        ReviewRequest review = new ReviewRequest(r.recordId(), r.model(), r.ts(), r.features(), r.indices(), r.values(),
                r.predicted(), r.classes(), r.scores(), r.confidence(), Route.REVIEW, r.priority(), r.deadline(),
                r.modelVersion(), r.policyVersion(), 1.0, r.requestedAt(), null, null,
                new io.triage.event.Contribution[] {new io.triage.event.Contribution("amount = 10", 0.5)});
        assertRejected(spec, edited(review, o -> {
            var a = o.putArray("contributions");
            for (int i = 0; i < 6; i++) a.addObject().put("label", "amount = " + i).put("value", 0.5);
        }), "more than 5");
        assertRejected(spec, edited(review, o -> o.putArray("contributions").addObject().put("value", 0.5)), "label");
        assertRejected(spec, edited(review, o -> o.putArray("contributions").addObject().put("label", "x".repeat(200))
                .put("value", 0.5)), "label");
        assertRejected(spec, Json.write(review).replace("\"value\":0.5", "\"value\":1e400"), "value");
        try (var h = harness(spec)) {
            h.processElement(Json.write(review), 0);
            assertEquals("amount = 10", h.extractOutputValues().get(0).contributions()[0].label());
        }
        try (var h = harness(spec)) {
            h.processElement(Json.write(r), 0);
            assertEquals(1, h.extractOutputValues().size());
        }
    }

    @Test
    void withAJobSecretOnlyTheJobsOwnSignatureIsAccepted() throws Exception {
        JobSpec spec = signedSpec();
        ReviewRequestSigner signer = new ReviewRequestSigner(
                KeyRing.forFile(spec.review().keysFile()).reviewRequestKey());
        ReviewRequest signed = signer.sign(request());
        try (var h = harness(spec)) {
            h.processElement(Json.write(signed), 0);
            List<ReviewRequest> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("tx-1", out.get(0).recordId());
            assertNull(out.get(0).signature()); // checked here; the joiner's state need not keep it
            assertTrue(side(h, Tags.DEAD_LETTER).isEmpty());
        }
        assertRejected(spec, Json.write(request()), "unsigned");
        // a forger who copies a signature onto other content: a second decision for another record, a heavier weight
        assertRejected(spec, edited(signed, o -> o.put("recordId", "tx-2")), "signature");
        assertRejected(spec, edited(signed, o -> o.put("labelWeight", 9.0)), "signature");
        assertRejected(spec, edited(signed, o -> o.put("signature", "00")), "signature");
        ReviewRequestSigner other = new ReviewRequestSigner("another-job-secret-32-bytes-long".getBytes());
        assertRejected(spec, Json.write(other.sign(request())), "signature");
    }
}
