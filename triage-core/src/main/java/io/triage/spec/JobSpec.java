package io.triage.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole job: what to read and write, which models to serve and how.
 *
 * @param name                 job name
 * @param kafka                Kafka settings
 * @param models               served models (at least one)
 * @param review               label acceptance rules
 * @param checkpointIntervalMs checkpoint interval (outputs become visible to read_committed readers at checkpoints);
 *                             null: the cluster's {@code execution.checkpointing.interval}, or
 *                             {@link #DEFAULT_CHECKPOINT_INTERVAL_MS} where the cluster sets none
 * @param metricsEvery         decisions per metrics window
 * @param maxRecordBytes       larger inputs go to dead-letter unparsed
 * @param duplicateRetentionMs how long a (model, record id) is remembered so that a resent record is not decided
 *                             twice (0: not remembered)
 */
public record JobSpec(String name, KafkaSpec kafka, List<ModelSpec> models, ReviewSpec review,
                      Long checkpointIntervalMs, Integer metricsEvery, Integer maxRecordBytes,
                      Long duplicateRetentionMs) implements Serializable {
    public JobSpec(String name, KafkaSpec kafka, List<ModelSpec> models, ReviewSpec review, Long checkpointIntervalMs,
                   Integer metricsEvery, Integer maxRecordBytes) {
        this(name, kafka, models, review, checkpointIntervalMs, metricsEvery, maxRecordBytes, null);
    }

    public JobSpec {
        duplicateRetentionMs = duplicateRetentionMs == null ? 86_400_000L : duplicateRetentionMs;
        name = name == null ? "triage" : name;
        kafka = kafka == null ? new KafkaSpec(null, null, null, null, null, null) : kafka;
        models = models == null ? List.of() : List.copyOf(models);
        review = review == null ? ReviewSpec.defaults() : review;
        metricsEvery = metricsEvery == null ? 500 : metricsEvery;
        maxRecordBytes = maxRecordBytes == null ? 1_000_000 : maxRecordBytes;
    }

    /** The interval where neither the spec nor the cluster sets one. */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 5_000L;

    /** The spec's checkpoint interval, or the default (for waits that need a figure when the cluster's is unknown). */
    public long checkpointIntervalOrDefault() {
        return checkpointIntervalMs == null ? DEFAULT_CHECKPOINT_INTERVAL_MS : checkpointIntervalMs;
    }

    /** Checks every field; throws a {@link SpecException} naming each problem. */
    public JobSpec validated() {
        Problems p = new Problems();
        p.notBlank(name, "name");
        kafka.validate(p);
        p.check(!models.isEmpty(), "models", "at least one model is required");
        for (int i = 0; i < models.size(); i++) {
            ModelSpec m = models.get(i);
            if (m == null) {
                p.check(false, "models[" + i + "]", "is empty");
                continue;
            }
            m.validate(p, "models[" + i + "]");
            for (int j = 0; j < i; j++) {
                p.check(models.get(j) == null || !models.get(j).id().equals(m.id()), "models[" + i + "].id",
                        "duplicate model id '" + m.id() + "'");
            }
        }
        review.validate(p);
        review.consensus().validate(p, models.stream().filter(java.util.Objects::nonNull).map(ModelSpec::id).toList());
        p.check(checkpointIntervalMs == null || checkpointIntervalMs >= 100, "checkpointIntervalMs",
                "must be ≥ 100, was " + checkpointIntervalMs);
        p.check(metricsEvery >= 1, "metricsEvery", "must be ≥ 1, was " + metricsEvery);
        p.check(duplicateRetentionMs >= 0, "duplicateRetentionMs", "must be ≥ 0, was " + duplicateRetentionMs);
        p.check(maxRecordBytes >= 64, "maxRecordBytes", "must be ≥ 64, was " + maxRecordBytes);
        p.throwIfAny();
        return this;
    }

    public Optional<ModelSpec> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The model a record without a {@code model} field goes to: the only one, if there is only one. */
    public Optional<String> defaultModel() {
        return models.size() == 1 ? Optional.of(models.get(0).id()) : Optional.empty();
    }

    public JobSpec withName(String n) {
        return new JobSpec(n, kafka, models, review, checkpointIntervalMs, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }

    public JobSpec withMaxRecordBytes(int bytes) {
        return new JobSpec(name, kafka, models, review, checkpointIntervalMs, metricsEvery, bytes, duplicateRetentionMs);
    }

    public JobSpec withKafka(KafkaSpec k) {
        return new JobSpec(name, k, models, review, checkpointIntervalMs, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }

    public JobSpec withCheckpointInterval(long ms) {
        return new JobSpec(name, kafka, models, review, ms, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }

    public JobSpec withReview(ReviewSpec r) {
        return new JobSpec(name, kafka, models, r, checkpointIntervalMs, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }

    public JobSpec withModels(List<ModelSpec> m) {
        return new JobSpec(name, kafka, m, review, checkpointIntervalMs, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }

    public JobSpec withMetricsEvery(int n) {
        return new JobSpec(name, kafka, models, review, checkpointIntervalMs, n, maxRecordBytes, duplicateRetentionMs);
    }

    /** Applies {@code f} to every model spec (e.g. to change a policy setting). */
    public JobSpec mapModels(java.util.function.UnaryOperator<ModelSpec> f) {
        List<ModelSpec> ms = new ArrayList<>();
        models.forEach(m -> ms.add(f.apply(m)));
        return new JobSpec(name, kafka, ms, review, checkpointIntervalMs, metricsEvery, maxRecordBytes, duplicateRetentionMs);
    }
}
