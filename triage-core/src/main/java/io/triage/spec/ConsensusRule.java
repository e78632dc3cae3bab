package io.triage.spec;

/** How the labels of a consensus item decide (see {@code review.Consensus}). */
public enum ConsensusRule {
    /** A class with a strict majority of the labels in hand decides. */
    MAJORITY,
    /** As MAJORITY, and the class also needs as many labels as the route asks for: any dissent asks for more. */
    UNANIMOUS;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ConsensusRule parse(String s) {
        return ConsensusRule.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
