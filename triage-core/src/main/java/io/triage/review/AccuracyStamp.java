package io.triage.review;

import io.triage.event.AnnotatorAccuracy;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.ConsensusRule;
import io.triage.spec.ConsensusSpec;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which review requests carry the annotators' estimated accuracies, and which: those whose route needs several
 * labels under the WEIGHTED rule, so that the LabelJoiner (which cannot hear from the Learner: that edge would close
 * a cycle) weighs their votes by the estimates of when they were scored, and a replay finds them on the request.
 * Every other request is left as it was, byte for byte.
 */
public final class AccuracyStamp implements Serializable {
    /**
     * Annotators a request carries at most (the first by id): it bounds the message. A team beyond that is not a
     * consensus panel; annotators left out weigh as the average estimated one ({@link Consensus#weights}).
     */
    public static final int MAX_ANNOTATORS = 32;

    private final ConsensusSpec consensus;

    public AccuracyStamp(ConsensusSpec consensus) {
        this.consensus = consensus;
    }

    /** Whether requests of {@code model} routed by {@code route} are decided by WEIGHTED votes. */
    public boolean weighted(String model, Route route) {
        return consensus.rule(model) == ConsensusRule.WEIGHTED && consensus.labelsNeeded(model, route) > 1;
    }

    /** {@code r} with {@code estimates} if it is decided by weighted votes and there are estimates; else {@code r}. */
    public ReviewRequest stamp(ReviewRequest r, AnnotatorAccuracy estimates) {
        if (estimates == null || estimates.annotators().length == 0 || !weighted(r.model(), r.reason())) return r;
        Map<String, Double> kept = new TreeMap<>();
        for (Map.Entry<String, Double> e : estimates.asMap().entrySet()) {
            if (kept.size() == MAX_ANNOTATORS) break;
            kept.put(e.getKey(), e.getValue());
        }
        return r.withAnnotatorAccuracy(kept);
    }
}
