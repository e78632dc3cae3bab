package io.triage.review;

import io.triage.spec.ConsensusRule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the labels of distinct annotators in hand decide for a request that needs {@code k} of them. The dispute
 * of a single-label request (labels in hand together that disagree wait for someone else) is the case k = 1:
 * disagreement asks for more annotators instead of letting the first label win. Here, once k labels are in hand,
 * a class with a strict majority of them decides (MAJORITY), or a class with a strict majority and at least k
 * labels (UNANIMOUS: any dissent among the first k asks for more). Without a decision one more annotator is asked,
 * up to k + 2 labels; then there is no consensus and the request expires abstaining, as a dispute nobody settles.
 */
public final class Consensus {
    /** More annotators asked for beyond the k a request needs when its labels do not decide. */
    public static final int ESCALATIONS = 2;

    public enum Outcome {
        /** {@link Tally#label()} decides. */
        DECIDED,
        /** Not enough labels yet: wait for another annotator. */
        WAIT,
        /** As many labels as may be asked for, and still no decision. */
        NO_CONSENSUS
    }

    /** @param label the deciding class for DECIDED, null otherwise */
    public record Tally(Outcome outcome, String label) {}

    private Consensus() {}

    /** The labels a request needing {@code k} may collect at most. */
    public static int maxLabels(int k) {
        return k + ESCALATIONS;
    }

    /**
     * @param votes the classes given, one per distinct annotator, in order of arrival
     * @param k     labels the request needs (≥ 1)
     */
    public static Tally tally(List<String> votes, int k, ConsensusRule rule) {
        if (votes.size() < k) return new Tally(Outcome.WAIT, null);
        Map<String, Integer> counts = new HashMap<>();
        for (String v : votes) counts.merge(v, 1, Integer::sum);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            if (2 * n > votes.size() && (rule != ConsensusRule.UNANIMOUS || n >= k)) {
                return new Tally(Outcome.DECIDED, e.getKey());
            }
        }
        return new Tally(votes.size() >= maxLabels(k) ? Outcome.NO_CONSENSUS : Outcome.WAIT, null);
    }
}
