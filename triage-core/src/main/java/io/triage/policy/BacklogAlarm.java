package io.triage.policy;

/**
 * Safety is not traded silently: a review backlog beyond the team's capacity is reported (never automated away),
 * and the report is withdrawn once the backlog is back below {@link #CLEAR_SHARE} of the capacity — lower than
 * the raising level, so the alarm does not flap.
 */
public final class BacklogAlarm {
    public static final double CLEAR_SHARE = 0.9;

    /** What changed with one more look at the backlog. */
    public enum Change { NONE, RAISED, CLEARED }

    private final long capacity;
    private boolean alarmed;

    /** @param capacity review requests the team can have pending (the model's maxPendingReviews) */
    public BacklogAlarm(long capacity, boolean alarmed) {
        this.capacity = capacity;
        this.alarmed = alarmed;
    }

    /** @param backlog review requests pending (requested minus resolved) */
    public Change observe(long backlog) {
        if (!alarmed && backlog > capacity) {
            alarmed = true;
            return Change.RAISED;
        }
        if (alarmed && backlog < CLEAR_SHARE * capacity) {
            alarmed = false;
            return Change.CLEARED;
        }
        return Change.NONE;
    }

    public boolean alarmed() {
        return alarmed;
    }

    /** What the audit event says about a change. */
    public String reason(Change c, long backlog) {
        return c == Change.RAISED ? "backlog " + backlog + " exceeds review capacity " + capacity
                : "cleared: backlog " + backlog + " below 90% of review capacity " + capacity;
    }
}
