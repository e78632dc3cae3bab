package io.triage.stage;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelGaugesTest {
    private static double accuracy(MetricListener l, String model, String annotator) {
        Gauge<Double> g = l.<Double>getGauge("triage", "model", model, "annotator", annotator, "accuracy").orElseThrow();
        return g.getValue();
    }

    @Test
    void eachAnnotatorsAccuracyIsAGaugeWithTheAnnotatorAsAVariable() {
        MetricListener l = new MetricListener();
        ModelGauges gauges = new ModelGauges(l.getMetricGroup());
        gauges.annotatorAccuracy("fraud", Map.of("alice", 0.97, "bob", 0.81));
        gauges.of("fraud").set(ModelGauges.Name.fleissKappa, 0.62);
        assertEquals(0.97, accuracy(l, "fraud", "alice"));
        assertEquals(0.81, accuracy(l, "fraud", "bob"));
        assertEquals(0.62, l.<Double>getGauge("triage", "model", "fraud", "fleissKappa").orElseThrow().getValue());

        gauges.annotatorAccuracy("fraud", Map.of("alice", 0.95));
        assertEquals(0.95, accuracy(l, "fraud", "alice"), "the latest estimate");
        assertTrue(Double.isNaN(accuracy(l, "fraud", "bob")), "no estimate now: NaN, not the old one");
        assertEquals(0.0, l.<Double>getGauge("triage", "model", "fraud", "annotatorsUnshown").orElseThrow().getValue());
    }

    /** Annotator ids come from input: a flood of them cannot grow the registry beyond the bound. */
    @Test
    void annotatorsBeyondTheBoundGetNoGaugeButAreCounted() {
        MetricListener l = new MetricListener();
        ModelGauges gauges = new ModelGauges(l.getMetricGroup());
        Map<String, Double> many = new LinkedHashMap<>();
        for (int i = 0; i < ModelGauges.MAX_ANNOTATORS + 100; i++) many.put(String.format("a%04d", i), 0.9);
        gauges.annotatorAccuracy("fraud", many);
        assertEquals(0.9, accuracy(l, "fraud", "a0000"));
        assertEquals(0.9, accuracy(l, "fraud", String.format("a%04d", ModelGauges.MAX_ANNOTATORS - 1)));
        assertFalse(l.getGauge("triage", "model", "fraud", "annotator",
                String.format("a%04d", ModelGauges.MAX_ANNOTATORS), "accuracy").isPresent());
        assertEquals(100.0, l.<Double>getGauge("triage", "model", "fraud", "annotatorsUnshown").orElseThrow().getValue());
        gauges.annotatorAccuracy("spam", Map.of("carol", 0.7));
        assertEquals(0.7, accuracy(l, "spam", "carol"), "the bound is per model");
    }
}
