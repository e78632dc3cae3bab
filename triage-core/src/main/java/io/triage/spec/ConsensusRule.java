package io.triage.spec;

/** How the labels of a consensus item decide (see {@code review.Consensus}). */
public enum ConsensusRule {
    /** A class with a strict majority of the labels in hand decides. */
    MAJORITY,
    /** As MAJORITY, and the class also needs as many labels as the route asks for: any dissent asks for more. */
    UNANIMOUS,
    /**
     * A class with more than half the vote weight in hand decides, each label weighing by its annotator's estimated
     * accuracy (the Bayes weight of the one-coin model); annotators without an estimate weigh alike, as in MAJORITY.
     */
    WEIGHTED;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ConsensusRule parse(String s) {
        return ConsensusRule.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
