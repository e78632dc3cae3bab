package io.triage.config;

import io.triage.kafka.JsonSerialization;
import io.triage.codec.DecodedRecord;
import io.triage.codec.RecordDecoder;
import io.triage.codec.ReviewFeatures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triage.config.MessageLimits;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureTerm;
import io.triage.feature.SparseVector;
import io.triage.policy.Contributions;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReviewRequestSizeTest {
    private static JobSpec spec(int hashBits, String kafka) {
        return SpecLoader.parse("""
                name: t
                maxRecordBytes: 1000000
                %s
                models:
                  - id: m
                    classes: [a, b]
                    features: {amount: numeric, memo: text}
                    learning: {hashBits: %d}
                """.formatted(kafka, hashBits));
    }

    /** A record just under maxRecordBytes, of many distinct words: the largest review request it can make. */
    private static String hugeRecord(int maxBytes) {
        StringBuilder memo = new StringBuilder();
        Random rnd = new Random(7);
        while (memo.length() < maxBytes - 200) memo.append(Long.toString(rnd.nextLong() & 0xffffffL, 36)).append(' ');
        return "{\"id\":\"big-1\",\"features\":{\"amount\":12.5,\"memo\":\"" + memo + "\"}}";
    }

    @Test
    void aRecordAtTheLimitMakesAReviewRequestTheProducerAccepts() throws Exception {
        JobSpec spec = spec(12, "");
        String raw = hugeRecord(spec.maxRecordBytes());
        assertTrue(raw.length() <= spec.maxRecordBytes() && raw.length() > spec.maxRecordBytes() - 500);
        DecodedRecord d = new RecordDecoder(spec.maxRecordBytes(), "m").decode(raw, 0);
        SparseVector v = new FeatureExtractor(new FeatureSpace(spec.models().get(0))).extract(d.features());
        // as the Scorer writes it
        // with the longest contributions: labels of control characters, which JSON escapes six bytes each
        String worst = "\u0001".repeat(100);
        Contribution[] contributions = new Contribution[Contributions.TOP];
        Arrays.fill(contributions, new Contribution(new FeatureTerm(worst, worst, worst, 0, 1).label(), -1.2345678901234567e-300));
        ReviewRequest r = new ReviewRequest(d.id(), "m", d.ts(), d.featuresJson(), v.indices(), v.values(), "a",
                new String[] {"a", "b"}, new double[] {0.6, 0.4}, 0.6, Route.REVIEW, 0.4, 600_000, 3, 2, 1.0, 0,
                "0".repeat(64), null, contributions);
        byte[] message = new JsonSerialization<ReviewRequest>().serialize(r);
        assertTrue(message.length < MessageLimits.KAFKA_DEFAULT, message.length + " bytes");
        assertTrue(message.length <= MessageLimits.worstReviewRequest(spec, spec.models().get(0)));
        int contributionBytes = new JsonSerialization<Contribution[]>().serialize(contributions).length;
        assertTrue(contributionBytes <= MessageLimits.CONTRIBUTIONS, contributionBytes + " bytes of contributions");
        JsonNode features = new ObjectMapper().readTree(d.featuresJson());
        assertEquals(12.5, features.get("amount").asDouble(), "short fields are kept");
        assertTrue(features.get("memo").asText().length() < ReviewFeatures.MAX_BYTES);
        assertTrue(features.get(ReviewFeatures.NOTE).asText().startsWith("1 values shortened, 0 fields left out of 2"));
        assertTrue(MessageLimits.problems(spec).isEmpty());
    }

    @Test
    void smallFeaturesAreLeftAsTheyCame() throws Exception {
        String raw = "{\"id\":\"x\",\"features\":{\"amount\":1.5,\"memo\":\"gift card\"}}";
        DecodedRecord d = new RecordDecoder(1000, "m").decode(raw, 0);
        assertEquals("{\"amount\":1.5,\"memo\":\"gift card\"}", d.featuresJson());
    }

    @Test
    void aSpecWhoseRequestsCouldExceedTheProducerLimitIsRefusedUntilTheLimitIsRaised() {
        // 2^16 hashed buckets: a long record of distinct words fills tens of thousands of them
        var p = MessageLimits.problems(spec(16, ""));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("models[0]: a review request may reach"), p.get(0));
        assertTrue(MessageLimits.problems(spec(16, "kafka: {properties: {max.request.size: '4194304'}}")).isEmpty());
    }
}
