package io.triage.review;

import io.triage.event.AnnotatorAccuracy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How much one annotator's label moves the model in learning (the SGD step's weight), from that annotator's
 * accuracy as estimated from the consensus items learned so far ({@link AnnotatorQuality}). The learning step uses
 * the weight; the precision evidence keeps each outcome's inverse-probability weight, whoever labeled it, and gains
 * from the estimates through the labels themselves: the Learner publishes them ({@link #estimates}) for the WEIGHTED
 * consensus rule, whose decided labels are less often wrong ({@link Consensus}).
 * <p>
 * The rule: an annotator of estimated accuracy a among C classes gets the weight (C·a − 1) / (C − 1), at least
 * {@link #FLOOR}; one without an estimate gets {@link #DEFAULT} (as before consensus existed). Why that form: under
 * the one-coin model a label is the truth with probability a and each other class with (1 − a)/(C − 1), so its
 * expected one-hot vector is the truth's scaled by exactly (C·a − 1)/(C − 1) plus a constant that carries no
 * information — the label's signal beyond guessing: 1 for an annotator always right, 0 for one who guesses. It
 * stays in [0, 1] where log-odds weights would grow without bound near a = 1 and blow up an AdaGrad step. The floor
 * keeps an early, rough estimate from silencing anyone entirely.
 * <p>
 * Deterministic: the estimates are refitted after every {@link #REFIT_EVERY} consensus items observed, so whoever
 * feeds the same items in the same order (the Learner, and the verifier replaying its versions) gets the same
 * weights bit for bit. A label's weight is taken before its own item's votes are observed: no label vouches for
 * itself. Public fields and a no-argument constructor: Flink keeps it as a POJO in keyed state.
 */
public final class AnnotatorWeights {
    /** The weight of an annotator with no estimate yet. */
    public static final double DEFAULT = 1.0;
    /** The least weight a label gets. */
    public static final double FLOOR = 0.1;
    /** Consensus items between refits (an EM fit over the vote patterns: not per label). */
    public static final int REFIT_EVERY = 25;

    public AnnotatorQuality quality = new AnnotatorQuality();
    /** The estimates of the last refit, sorted by annotator id, parallel to {@link #accuracies}. */
    public String[] annotators = new String[0];
    public double[] accuracies = new double[0];
    /** Consensus items observed. */
    public long items;

    public AnnotatorWeights() {}

    /** The rule (see the class comment) for an estimated accuracy among {@code classes} classes. */
    public static double weight(double accuracy, int classes) {
        if (!Double.isFinite(accuracy)) return DEFAULT;
        int c = Math.max(2, classes);
        double w = (c * accuracy - 1) / (c - 1);
        return Math.min(1.0, Math.max(FLOOR, w));
    }

    /** The learning weight of a label by {@code annotator} of a model with {@code classes} classes now. */
    public double weightOf(String annotator, int classes) {
        int i = annotator == null ? -1 : Arrays.binarySearch(annotators, annotator);
        return i < 0 ? DEFAULT : weight(accuracies[i], classes);
    }

    /**
     * One consensus item's votes (one per distinct annotator); a single label says nothing and is not counted.
     *
     * @return whether the estimates were refitted
     */
    public boolean observe(List<String> voters, List<String> votes) {
        if (voters == null || votes == null || voters.size() < 2) return false;
        quality.add(voters, votes);
        items++;
        if (items % REFIT_EVERY != 0) return false;
        refit();
        return true;
    }

    /** The estimates of the last refit, as the Learner publishes them; null before the first. */
    public AnnotatorAccuracy estimates(String model) {
        if (annotators.length == 0) return null;
        return new AnnotatorAccuracy(model, items - items % REFIT_EVERY, annotators.clone(), accuracies.clone());
    }

    private void refit() {
        Map<String, Double> est = quality.accuracies(); // sorted by id
        annotators = est.keySet().toArray(new String[0]);
        accuracies = est.values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
