package io.triage.stage;

import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.ExpiryFallback;
import io.triage.spec.FieldType;
import io.triage.spec.JobSpec;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;
import io.triage.spec.ReviewSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Job specs and events shared by the operator tests. */
final class Fixtures {
    static final long DEADLINE_MS = 1_000;
    static final long ORPHAN_WAIT_MS = 500;
    static final long RETENTION_MS = 10_000;

    private Fixtures() {}

    static ModelSpec model(String id, List<String> classes, ExpiryFallback fallback, double minEvidence) {
        Map<String, FieldType> features = new LinkedHashMap<>();
        features.put("amount", FieldType.NUMERIC);
        PolicySpec policy = PolicySpec.builder().targetPrecision(0.9).confidenceLevel(0.95).auditRate(0.1)
                .minEvidence(minEvidence).bins(20).reviewDeadlineMs(DEADLINE_MS).expiryFallback(fallback).build();
        return new ModelSpec(id, classes, features, LearningSpec.hashBits(4).withSeed(1L), policy, null);
    }

    static JobSpec spec(List<String> annotators) {
        return spec(model("fraud", List.of("fraud", "ok"), ExpiryFallback.MODEL, 100.0), annotators);
    }

    static JobSpec spec(ModelSpec m, List<String> annotators) {
        return new JobSpec("test", null, List.of(m), new ReviewSpec(annotators, ORPHAN_WAIT_MS, RETENTION_MS),
                null, 3, null);
    }

    static ReviewRequest request(String id, long requestedAt) {
        return request("fraud", id, requestedAt);
    }

    static ReviewRequest request(String model, String id, long requestedAt) {
        return new ReviewRequest(id, model, 42L, "{\"amount\":10.0}", new int[] {0}, new double[] {10.0}, "ok",
                new String[] {"fraud", "ok"}, new double[] {0.3, 0.7}, 0.7, Route.REVIEW, 0.6,
                requestedAt + DEADLINE_MS, 5, 2, 1.0, requestedAt, null);
    }

    static Label label(String id, String label, String annotator) {
        return new Label(id, "fraud", label, annotator, 0L, "ev-" + id + "-" + label + "-" + annotator);
    }

    static <T> List<T> side(AbstractStreamOperatorTestHarness<?> h, OutputTag<T> tag) {
        ConcurrentLinkedQueue<StreamRecord<T>> q = h.getSideOutput(tag);
        List<T> out = new ArrayList<>();
        if (q != null) q.forEach(r -> out.add(r.getValue()));
        return out;
    }
}
