package io.triage.learn;

import io.triage.event.LabeledExample;
import io.triage.model.FrozenVersion;

import java.util.List;

/**
 * Decides, from verified outcomes, which version serves and at which confidence it may automate. The job runs
 * {@link CertifiedServing}; the other implementations are the learning benchmark's baselines.
 */
public interface ThresholdPolicy {
    /** One verified outcome, before the model learns it; alarms it raises go into {@code alarms}. */
    void observe(LabeledExample ex, PolicyContext ctx, List<Alarm> alarms);

    /** The model has learned the outcome: the policy may freeze the new version or promote one. */
    void afterLearning(PolicyContext ctx);

    /**
     * An automated decision shown wrong after the fact (an overturned appeal, a contradicting outcome). Such errors
     * are not a random sample, so they never enter the certificate's evidence; a policy may only become more
     * careful on them. Returns whether it took it into account (it is about the version serving now, which
     * automates at or below the decision's confidence).
     */
    default boolean knownError(long modelVersion, String predicted, double confidence) {
        return false;
    }

    /**
     * An annotator corrected the answer of a record already observed ({@link LabeledExample#corrects()} is what it
     * said before). Not a second outcome: the evidence keeps the first answer (the one given before anyone could
     * pick which answers to revise). A policy may only become more careful on it, as on a known error.
     */
    default void relabeled(LabeledExample ex, PolicyContext ctx) {}

    /** A detector on the model's own residuals fired (the world changed for the model, not yet for the promise). */
    void onModelDrift(PolicyContext ctx);

    /** Automation threshold of the serving version ({@code > 1}: automate nothing). */
    double threshold();

    /** Per-class thresholds, parallel to the serving version's classes (empty: one threshold for all). */
    default double[] classThresholds() {
        return new double[0];
    }

    /** The version that serves; null when the latest model serves. */
    default FrozenVersion serving() {
        return null;
    }

    /** The version being certified to replace it (null: none). */
    default FrozenVersion challenger() {
        return null;
    }

    /** Whether a promotion changed the serving version since the last call (then the whole model is broadcast). */
    default boolean takeServingChanged() {
        return false;
    }

    /**
     * Whether a certificate opened since the last call: the learner then starts a new policy version, so that
     * outcomes of records routed from then on can be told from older ones.
     */
    default boolean takeOpened() {
        return false;
    }

    PolicyReport report();

    PolicyState state();

    /** An alarm: which detector and its statistic. */
    record Alarm(String detector, double statistic) {}
}
