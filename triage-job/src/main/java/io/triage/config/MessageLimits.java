package io.triage.config;

import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureTerm;
import io.triage.policy.Contributions;
import io.triage.codec.ReviewFeatures;
import io.triage.review.AccuracyStamp;
import io.triage.spec.ConsensusRule;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks together the limits that decide whether every message the job writes fits the producer's
 * {@code max.request.size}: a review request carries the record's features (bounded by {@link ReviewFeatures})
 * and its sparse vector, which has at most one entry per dimension and per two bytes of the record. A message
 * over the limit fails the sink, the job restarts from the checkpoint and fails again on the same record.
 */
public final class MessageLimits {
    /** Kafka's default producer {@code max.request.size}. */
    public static final long KAFKA_DEFAULT = 1_048_576;
    /** Bytes of one sparse entry in JSON at most: an index, a double, two separators. */
    static final int ENTRY_BYTES = 6 + 24 + 2;
    /** Ids, classes, scores, versions and field names of a request. */
    static final int OVERHEAD = 8_192;
    /** Its contributions at most: each label in JSON (six bytes a char when every char is escaped), a double, names. */
    static final int CONTRIBUTIONS = Contributions.TOP * (6 * FeatureTerm.maxLabelChars() + 24 + 24);
    /** Annotator accuracies at most (WEIGHTED consensus only): each id escaped in JSON, a double, separators. */
    static final int ACCURACIES = AccuracyStamp.MAX_ANNOTATORS * (6 * 256 + 24 + 8);

    private MessageLimits() {}

    public static long producerLimit(JobSpec spec) {
        String v = spec.kafka().properties().get("max.request.size");
        return v == null ? KAFKA_DEFAULT : Long.parseLong(v.trim());
    }

    /** The largest review request a record of this model can make. */
    public static long worstReviewRequest(JobSpec spec, ModelSpec m) {
        long entries = Math.min(new FeatureSpace(m).dimension(), spec.maxRecordBytes() / 2 + 1);
        return ReviewFeatures.MAX_BYTES + entries * ENTRY_BYTES + OVERHEAD + CONTRIBUTIONS + accuracies(spec, m);
    }

    private static int accuracies(JobSpec spec, ModelSpec m) {
        return spec.review().consensus().rule(m.id()) == ConsensusRule.WEIGHTED ? ACCURACIES : 0;
    }

    public static List<String> problems(JobSpec spec) {
        List<String> p = new ArrayList<>();
        long limit;
        try {
            limit = producerLimit(spec);
        } catch (NumberFormatException e) {
            p.add("kafka.properties.max.request.size: not a number");
            return p;
        }
        for (int i = 0; i < spec.models().size(); i++) {
            ModelSpec m = spec.models().get(i);
            long worst = worstReviewRequest(spec, m);
            if (worst > limit) {
                p.add("models[" + i + "]: a review request may reach " + worst + " bytes (features up to "
                        + ReviewFeatures.MAX_BYTES + " + a sparse vector of up to " + (worst - ReviewFeatures.MAX_BYTES
                        - OVERHEAD - CONTRIBUTIONS - accuracies(spec, m)) / ENTRY_BYTES + " entries), over the producers' max.request.size of " + limit
                        + ": lower learning.hashBits or maxRecordBytes, or raise kafka.properties.max.request.size "
                        + "(and the broker's message.max.bytes) to at least " + worst);
            }
        }
        return p;
    }
}
