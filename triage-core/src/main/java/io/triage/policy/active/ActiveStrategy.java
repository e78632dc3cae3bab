package io.triage.policy.active;

/**
 * A budgeted stream active-learning strategy (Žliobaitė, Bifet, Pfahringer, Holmes, "Active Learning With
 * Drifting Streaming Data", IEEE TNNLS 2014): for each record, in stream order, decides whether to ask for
 * its label. Deterministic given its state, the class probabilities and the uniform draw, so a routing can
 * be replayed.
 */
public interface ActiveStrategy {

    /**
     * Decides for one record and updates the strategy's state (budget spent, threshold).
     *
     * @param proba class probabilities of the current model (empty without a model: maximally uncertain)
     * @param u     a uniform draw in [0, 1) fixed by the record, e.g. {@link ActiveDraw#uniform}
     * @return true when the record's label should be requested
     */
    boolean query(double[] proba, double u);

    /** Checkpointable state (primitives only). */
    StrategyState state();

    /** The strategy's name as in the spec ("random", "var-uncertainty", …). */
    String name();

    /** The settings it runs with. */
    ActiveSettings settings();
}
