package io.triage.stage;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-model values as Flink metrics, so that any metrics reporter (Prometheus: see conf/config.yaml) sees what
 * the {@code metrics} topic carries: gauges under {@code triage.model.<name>} with the model id as the
 * {@code model} variable (a Prometheus label), counters of routed records per route and of rejections per
 * reason, and histograms of review latency (request to label) and of label to serving (a label's model update
 * published by the Learner to a Scorer routing by it), each over the last {@link #LATENCY_WINDOW} values. Gauges are
 * registered the first time a model is seen by this subtask and read the latest values the
 * aggregator recorded; a reporter thread reading a value while it is written sees the old or the new one.
 * Rejection reasons are codes, but come from input: beyond {@link #MAX_REASONS} per model they count as
 * {@code other}, so hostile input cannot grow the metric registry. Likewise each annotator's estimated accuracy is a
 * gauge {@code triage.model.annotator.accuracy} with the {@code annotator} variable for the first
 * {@link #MAX_ANNOTATORS} annotators of a model only (an annotator id is an input too; a team is far smaller): the
 * rest stay in the {@code metrics} topic, and {@code annotatorsUnshown} counts them.
 */
final class ModelGauges {
    static final int MAX_REASONS = 32;
    static final int LATENCY_WINDOW = 1000;
    static final int MAX_ANNOTATORS = 64;

    /** The gauges, in the order of {@link Values}' slots. */
    enum Name {
        threshold, certifiedThreshold, controllerOffset, precisionLowerBound, estimatedPrecision, targetPrecision,
        automationRate, auditRate, backlog, reviewAlarm, expiryShare, modelVersion, servingVersion, labelsApplied,
        driftAlarms, epoch, riskLevel, records, outcomeContradictions, outcomePrecisionAuto,
        /** Fleiss' kappa of the consensus items' labels so far (NaN before any). */
        fleissKappa,
        /** Annotators with an accuracy estimate beyond {@link #MAX_ANNOTATORS}, who have no gauge. */
        annotatorsUnshown
    }

    /** One model's latest values (NaN until known; a threshold that is off is NaN). */
    static final class Values {
        private final double[] slots = new double[Name.values().length];

        Values() {
            java.util.Arrays.fill(slots, Double.NaN);
        }

        void set(Name n, double v) {
            slots[n.ordinal()] = v;
        }

        double get(Name n) {
            return slots[n.ordinal()];
        }
    }

    private final MetricGroup root;
    private final Map<String, Values> values = new HashMap<>();
    private final Map<String, MetricGroup> groups = new HashMap<>();
    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Integer> reasons = new HashMap<>();
    private final Map<String, Histogram> latencies = new HashMap<>();
    /** Per model, per annotator with a gauge: the latest accuracy estimate. */
    private final Map<String, Map<String, double[]>> accuracies = new HashMap<>();

    ModelGauges(MetricGroup operatorGroup) {
        this.root = operatorGroup.addGroup("triage");
    }

    /** The model's values, its gauges registered on first use. */
    Values of(String model) {
        Values v = values.get(model);
        if (v != null) return v;
        Values created = new Values();
        MetricGroup g = group(model);
        for (Name n : Name.values()) g.gauge(n.name(), (Gauge<Double>) () -> created.get(n));
        values.put(model, created);
        return created;
    }

    /** One label of the model, {@code ms} after its review request. */
    void reviewLatency(String model, double ms) {
        if (Double.isNaN(ms) || ms < 0) return;
        latencies.computeIfAbsent(model, m -> group(m).histogram("reviewLatencyMs",
                new DescriptiveStatisticsHistogram(LATENCY_WINDOW))).update(Math.round(ms));
    }

    /**
     * A model update reached a Scorer subtask {@code ms} after the Learner published it, the label that made it
     * applied: from then on its records are routed by it (label to serving).
     */
    void labelToServing(String model, double ms) {
        if (Double.isNaN(ms) || ms < 0) return;
        latencies.computeIfAbsent(model + "\u0000serving", m -> group(model).histogram("labelToServingMs",
                new DescriptiveStatisticsHistogram(LATENCY_WINDOW))).update(Math.round(ms));
    }

    /**
     * The model's latest annotator accuracy estimates: a gauge per annotator, registered on first sight for the first
     * {@link #MAX_ANNOTATORS} of the model; one who drops out of the estimates reads NaN.
     */
    void annotatorAccuracy(String model, Map<String, Double> estimates) {
        Map<String, double[]> shown = accuracies.computeIfAbsent(model, m -> new HashMap<>());
        shown.values().forEach(v -> v[0] = Double.NaN);
        int unshown = 0;
        for (Map.Entry<String, Double> e : estimates.entrySet()) {
            double[] slot = shown.get(e.getKey());
            if (slot == null) {
                if (shown.size() >= MAX_ANNOTATORS) {
                    unshown++;
                    continue;
                }
                double[] created = {Double.NaN};
                group(model).addGroup("annotator", e.getKey()).gauge("accuracy", (Gauge<Double>) () -> created[0]);
                shown.put(e.getKey(), created);
                slot = created;
            }
            slot[0] = e.getValue();
        }
        of(model).set(Name.annotatorsUnshown, unshown);
    }

    /** One routed record of the model. */
    void routed(String model, String route) {
        counter(model, "route", route, "records").inc();
    }

    /** One appeal event of the model: received, upheld, overturned or expired (counter appeals{outcome=…}). */
    void appeal(String model, String outcome) {
        counter(model, "outcome", outcome, "appeals").inc();
    }

    /** One late ground truth joined to a decision: whether the decision was right. */
    void outcome(String model, String verdict) {
        counter(model, "verdict", verdict, "outcomes").inc();
    }

    /** One rejected input or label of the model, by its reason's code (the part before any ':' or space). */
    void rejected(String model, String kind, String reason) {
        String code = reason == null || reason.isBlank() ? "unknown" : reason.split("[:\\s]", 2)[0];
        String key = model + '\u0000' + kind;
        if (!counters.containsKey(String.join("\u0000", model, "reason", code, kind))) {
            int known = reasons.getOrDefault(key, 0);
            if (known >= MAX_REASONS) code = "other";
            else reasons.put(key, known + 1);
        }
        counter(model, "reason", code, kind).inc();
    }

    private Counter counter(String model, String key, String value, String name) {
        String id = String.join("\u0000", model, key, value, name);
        Counter c = counters.get(id);
        if (c == null) {
            c = group(model).addGroup(key, value).counter(name);
            counters.put(id, c);
        }
        return c;
    }

    private MetricGroup group(String model) {
        return groups.computeIfAbsent(model, m -> root.addGroup("model", m));
    }
}
