package io.triage.review;

import io.triage.event.ReviewRequest;
import io.triage.spec.ConsensusRule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the labels of distinct annotators in hand decide for a request that needs {@code k} of them. The dispute
 * of a single-label request (labels in hand together that disagree wait for someone else) is the case k = 1:
 * disagreement asks for more annotators instead of letting the first label win. Here, once k labels are in hand,
 * a class with a strict majority of them decides (MAJORITY), or a class with a strict majority and at least k
 * labels (UNANIMOUS: any dissent among the first k asks for more), or a class with more than half of the vote
 * weight in hand (WEIGHTED, see {@link #weight}). Without a decision one more annotator is asked, up to k + 2
 * labels; then there is no consensus and the request expires abstaining, as a dispute nobody settles.
 * <p>
 * WEIGHTED: under the one-coin model (annotator i gives the true class with probability a_i, otherwise one of the
 * other C − 1 classes at random, independently given the truth) the posterior log-odds of class c against class c'
 * is the sum of w_i = log((C − 1)·a_i / (1 − a_i)) over the votes for c minus that over the votes for c' (the
 * class prior aside), so the class with the most weight is the most probable one: with 0.98, 0.80 and 0.60, the
 * first (3.9) outweighs the other two together (1.4 + 0.4). Requiring more than half of the weight in hand is the
 * weighted form of the strict majority: the winner beats every other class together.
 * <p>
 * Why the precision evidence stays valid whatever the rule: it compares the model's class with the decided label
 * on audited items. If the label's errors are independent of whether the model is right, then for two classes (or
 * symmetric noise) the agreement observed is p(1 − η) + (1 − p)η for precision p and label error η, below p
 * whenever p > 1/2: the evidence understates precision, so a certificate stays conservative. Weighting lowers η
 * (for reviewers right 98%, 80% and 60% of the time, from about 9% with the plain majority towards the best one's 2%
 * once the estimates tell them apart) and with it the conservatism, so a target that noisy labels could never
 * certify can be. It cannot help where reviewers err on exactly the items the model gets wrong
 * (then agreement overstates precision); no method without ground truth can tell that case apart.
 */
public final class Consensus {
    /** More annotators asked for beyond the k a request needs when its labels do not decide. */
    public static final int ESCALATIONS = 2;
    /**
     * The highest accuracy a weight is taken at: at 1 the weight is infinite and one annotator would overrule any
     * number of others on an estimate; at 0.995 it is log(199·(C − 1)), 5.3 for two classes, so that three
     * annotators at 0.9 (3 × 2.2) still outvote one estimated near-perfect.
     */
    public static final double MAX_ACCURACY = 0.995;

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
     * Every vote weighing one (MAJORITY, UNANIMOUS, and WEIGHTED without estimates).
     *
     * @param votes the classes given, one per distinct annotator, in order of arrival
     * @param k     labels the request needs (≥ 1)
     */
    public static Tally tally(List<String> votes, int k, ConsensusRule rule) {
        return tally(votes, null, k, rule);
    }

    /**
     * @param votes   the classes given, one per distinct annotator, in order of arrival
     * @param weights the weight of each vote, parallel to {@code votes} ({@link #weights}); used by WEIGHTED only,
     *                null: all weigh one
     * @param k       labels the request needs (≥ 1)
     */
    public static Tally tally(List<String> votes, double[] weights, int k, ConsensusRule rule) {
        if (votes.size() < k) return new Tally(Outcome.WAIT, null);
        boolean weighted = rule == ConsensusRule.WEIGHTED && weights != null;
        if (weighted && weights.length != votes.size()) throw new IllegalArgumentException("one weight per vote");
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Double> mass = new HashMap<>();
        double total = 0;
        for (int i = 0; i < votes.size(); i++) {
            double w = weighted ? weights[i] : 1.0;
            counts.merge(votes.get(i), 1, Integer::sum);
            mass.merge(votes.get(i), w, Double::sum);
            total += w;
        }
        // a strict majority (of weight, for WEIGHTED): at most one class has it, so the order of the map is moot
        for (Map.Entry<String, Double> e : mass.entrySet()) {
            boolean majority = weighted ? 2 * e.getValue() > total : 2 * counts.get(e.getKey()) > votes.size();
            if (majority && (rule != ConsensusRule.UNANIMOUS || counts.get(e.getKey()) >= k)) {
                return new Tally(Outcome.DECIDED, e.getKey());
            }
        }
        return new Tally(votes.size() >= maxLabels(k) ? Outcome.NO_CONSENSUS : Outcome.WAIT, null);
    }

    /**
     * The Bayes vote weight log((C − 1)·a / (1 − a)) of an annotator of estimated accuracy {@code a} among
     * {@code classes} classes (at least 2), with a taken in [1/C, {@link #MAX_ACCURACY}]: below 1/C the weight
     * would be negative, a vote counted against its own class on the strength of an estimate (for C > 2 that
     * favours no class in particular); a guesser weighs 0. StrictMath: a replay (the verifier) gets the same bits.
     */
    public static double weight(double accuracy, int classes) {
        int c = Math.max(2, classes);
        double a = Math.min(MAX_ACCURACY, Math.max(1.0 / c, accuracy));
        return Math.max(0.0, StrictMath.log((c - 1) * a / (1 - a)));
    }

    /** The weights of the votes of {@code annotators} on {@code r}: by the accuracies it carries, among its classes. */
    public static double[] weights(ReviewRequest r, List<String> annotators) {
        return weights(annotators, r.annotatorAccuracy(), r.classes() == null ? 0 : r.classes().length);
    }

    /**
     * The weight of each annotator's vote: by its estimated accuracy; an annotator without one (before the first
     * estimate, or new to the team) weighs as the average annotator estimated does, so that with no estimates at
     * all every vote weighs 1 and WEIGHTED decides as MAJORITY.
     *
     * @param annotators who voted, in order
     * @param accuracy   estimated accuracies (null or empty: none); a non-finite one counts as none
     * @param classes    the model's classes (C)
     */
    public static double[] weights(List<String> annotators, Map<String, Double> accuracy, int classes) {
        double known = 0;
        int n = 0;
        if (accuracy != null) {
            // in key order, so that the average has the same bits whatever map holds the estimates
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(accuracy).entrySet()) {
                if (e.getValue() != null && Double.isFinite(e.getValue())) {
                    known += weight(e.getValue(), classes);
                    n++;
                }
            }
        }
        double unknown = n == 0 ? 1.0 : known / n;
        double[] w = new double[annotators.size()];
        for (int i = 0; i < w.length; i++) {
            Double a = accuracy == null ? null : accuracy.get(annotators.get(i));
            w[i] = a != null && Double.isFinite(a) ? weight(a, classes) : unknown;
        }
        return w;
    }
}
