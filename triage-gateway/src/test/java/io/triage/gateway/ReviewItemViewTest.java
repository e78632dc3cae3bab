package io.triage.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewItemViewTest {
    /** With contributions even for the audit: the view, not only the job, keeps audits blind. */
    private static ReviewRequest request(Route reason) {
        return new ReviewRequest("r1", "fraud", 0, "{\"amount\":12.5}", new int[0], new double[0], "fraud",
                new String[] {"fraud", "ok"}, new double[] {0.97, 0.03}, 0.97, reason, 0.1, 60_000, 1, 1, 20.0, 100, "sig",
                null, new Contribution[] {new Contribution("amount = 12.5", 1.75), new Contribution("memo: \"gift\"", -0.25)});
    }

    @Test
    void aReviewShowsThePrediction() {
        ObjectNode n = ReviewItemView.of(new ReviewQueue.Claim(request(Route.REVIEW), 5_000), null);
        assertEquals("fraud", n.path("prediction").path("label").asText());
        assertEquals(0.97, n.path("prediction").path("scores").path("fraud").asDouble(), 1e-12);
        assertEquals(12.5, n.path("features").path("amount").asDouble(), 0.0);
        assertEquals("REVIEW", n.path("reason").asText());
        assertEquals(2, n.path("classes").size());
        assertEquals("amount = 12.5", n.path("prediction").path("contributions").path(0).path("label").asText());
        assertEquals(-0.25, n.path("prediction").path("contributions").path(1).path("value").asDouble(), 0.0);
    }

    @Test
    void anAuditIsBlindAndLooksLikeAReview() {
        ObjectNode n = ReviewItemView.of(new ReviewQueue.Claim(request(Route.AUDIT), 5_000), null);
        assertFalse(n.has("prediction"), n.toString());
        assertEquals("REVIEW", n.path("reason").asText());
        assertFalse(n.toString().contains("0.97"), "no score leaks: " + n);
        assertFalse(n.toString().contains("AUDIT"), n.toString());
        assertFalse(n.toString().contains("contributions") || n.toString().contains("gift"), "no contributions: " + n);
        assertTrue(n.has("features"));
    }
}
