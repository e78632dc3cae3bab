package io.triage.codec;

import io.triage.event.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void nonFiniteDoublesAreWrittenAsNull() throws Exception {
        AuditEvent e = AuditEvent.of(AuditType.THRESHOLD_CHANGED, null, "m", 3, 4, 99L)
                .withRoute(null, null, Double.POSITIVE_INFINITY).because("threshold").with(b -> b.threshold(Double.NaN));
        String json = Json.write(e);
        JsonNode n = Json.MAPPER.readTree(json); // parses: valid JSON
        assertTrue(n.get("confidence").isNull(), json);
        assertTrue(n.get("threshold").isNull(), json);
        assertFalse(n.has("statistic"), "fields that do not apply are omitted: " + json);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertEquals(3, n.get("modelVersion").asLong());
        assertFalse(n.has("recordId"), "nulls are omitted: " + json);

        Decision d = new Decision("r", "m", "x", DecisionSource.AUTO, Route.AUTO, "x", Double.NEGATIVE_INFINITY,
                1, 1, null, 1, 2, 3);
        assertTrue(Json.MAPPER.readTree(Json.write(d)).get("confidence").isNull());
    }

    @Test
    void nonFiniteDoublesInArraysStillGiveValidJson() throws Exception {
        ReviewRequest r = request(new double[] {Double.NaN, 0.5});
        String json = Json.write(r);
        JsonNode n = Json.MAPPER.readTree(json); // would throw on a bare NaN token
        assertEquals(2, n.get("scores").size());
        assertTrue(n.get("scores").get(0).isNull(), json);
        assertEquals(0.5, n.get("scores").get(1).doubleValue());
        assertFalse(json.contains("NaN"), json);
    }

    @Test
    void finiteDoublesKeepFullPrecision() throws Exception {
        double v = 0.1 + 0.2;
        AuditEvent e = AuditEvent.of(AuditType.SCORED, "r", "m", 1, 1, 1).withRoute(Route.AUTO, "a", v);
        assertEquals(v, Json.MAPPER.readTree(Json.write(e)).get("confidence").doubleValue());
    }

    private static final FeatureExtractor FX = ReadBack.FX;
    private static final ReviewRequestDecoder READ_BACK = ReadBack.decoder(null);

    private static ReviewRequest request(double[] scores) throws Exception {
        String features = "{\"amount\":1.5,\"memo\":\"a \\\"b\\\"\"}";
        return ReadBack.scored(new ReviewRequest("tx-1", "fraud", 1_764_000_000_000L, features,
                new int[0], new double[0], "fraud", new String[] {"fraud", "ok"},
                scores, 0.75, Route.AUDIT, 0.125, 1_764_000_600_000L, 12, 5, 50.0, 1_764_000_000_042L, null));
    }

    @Test
    void theVectorIsLeftOutWhereTheFeaturesGiveItAndKeptWhereTheyAreCut() throws Exception {
        ReviewRequest r = request(new double[] {0.75, 0.25});
        JsonNode whole = Json.MAPPER.readTree(Json.write(r));
        assertFalse(whole.has("indices") || whole.has("values"), whole.toString());
        assertTrue(whole.path("features").isObject());
        ReviewRequest cut = new ReviewRequest("tx-1", "fraud", 1, "{\"amount\":1.5,\"_truncated\":\"1 values shortened\"}",
                r.indices(), r.values(), "fraud", null, null, 0.75, Route.REVIEW, 0.5, 2, 1, 1, 1.0, 1, null);
        JsonNode kept = Json.MAPPER.readTree(Json.write(cut));
        assertEquals(r.indices().length, kept.path("indices").size());
        ReviewRequest back = READ_BACK.decode(Json.write(cut));
        assertArrayEquals(r.indices(), back.indices());
        assertArrayEquals(r.values(), back.values());
        // without the extractor a reader gets no vector; the job's read-back refuses a request it cannot complete
        assertNull(new ReviewRequestDecoder().decode(Json.write(r)).indices());
        assertThrows(InvalidInputException.class, () -> new ReviewRequestDecoder(
                Map.of("fraud", new ReviewRequestDecoder.Limits(FX.space().dimension(), 50.0)), null).decode(Json.write(r)));
    }

    @Test
    void reviewRequestRoundTrips() throws Exception {
        ReviewRequest r = request(new double[] {0.75, 0.25});
        ReviewRequest back = READ_BACK.decode(Json.write(r));
        assertEquals(r.recordId(), back.recordId());
        assertEquals(r.model(), back.model());
        assertEquals(r.ts(), back.ts());
        assertEquals(r.features(), back.features());
        assertArrayEquals(r.indices(), back.indices());
        assertArrayEquals(r.values(), back.values());
        assertEquals(r.predicted(), back.predicted());
        assertArrayEquals(r.classes(), back.classes());
        assertArrayEquals(r.scores(), back.scores());
        assertEquals(r.confidence(), back.confidence());
        assertEquals(r.reason(), back.reason());
        assertEquals(r.priority(), back.priority());
        assertEquals(r.deadline(), back.deadline());
        assertEquals(r.modelVersion(), back.modelVersion());
        assertEquals(r.policyVersion(), back.policyVersion());
        assertEquals(r.labelWeight(), back.labelWeight());
        assertEquals(r.requestedAt(), back.requestedAt());
    }

    @Test
    void coldStartReviewRequestRoundTripsWithNullsAndEmptyArrays() throws Exception {
        ReviewRequest r = new ReviewRequest("tx-2", "fraud", 5, "{}", new int[0], new double[0], null,
                new String[0], new double[0], 0.0, Route.COLD_START, 0.5, 10, 0, 0, 1.0, 5, null);
        ReviewRequest back = READ_BACK.decode(Json.write(r));
        assertNull(back.predicted());
        assertEquals(Route.COLD_START, back.reason());
        assertArrayEquals(new String[0], back.classes());
        assertEquals(0, back.indices().length);
        assertEquals(r.deadline(), back.deadline());
    }

    @Test
    void foreignReviewRequestsAreRejected() {
        ReviewRequestDecoder d = new ReviewRequestDecoder();
        assertEquals("invalid-review-request", assertThrows(InvalidInputException.class,
                () -> d.decode("{\"recordId\":\"a\"}")).reason());
        assertEquals("invalid-review-request", assertThrows(InvalidInputException.class,
                () -> d.decode("{\"recordId\":\"a\",\"model\":\"m\",\"indices\":[1,2],\"values\":[1.0],"
                        + "\"reason\":\"REVIEW\"}")).reason());
        assertEquals("invalid-review-request", assertThrows(InvalidInputException.class,
                () -> d.decode("not json")).reason());
        assertEquals("invalid-review-request", assertThrows(InvalidInputException.class,
                () -> d.decode("{\"recordId\":\"a\",\"model\":\"m\",\"indices\":[],\"values\":[],"
                        + "\"reason\":\"NOPE\"}")).reason());
    }
}
