package io.triage.spec;

/** How a model decides which records humans see. */
public enum PolicyMode {
    /** Automate only what keeps the lower confidence bound of precision above the target. */
    GUARANTEE,
    /** Label at most a share of the stream, chosen by an active-learning strategy. */
    BUDGET;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static PolicyMode parse(String s) {
        return PolicyMode.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
