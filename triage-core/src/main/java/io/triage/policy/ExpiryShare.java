package io.triage.policy;

/**
 * The share of recent review outcomes that were expiries rather than labels, exponentially weighted over about
 * {@link #HALF_LIFE} outcomes, with an alarm. An expiry resolves its request, so the backlog stays small while
 * reviewers answer nothing at all — and every expired record is decided by the fallback (outside the promise)
 * or not at all. This is the signal that reviewers are not keeping up.
 */
public final class ExpiryShare {
    public static final double HALF_LIFE = 100;
    /** Share above which the alarm is raised, once enough outcomes were seen. */
    public static final double RAISE = 0.2;
    /** Share below which a raised alarm clears (lower than {@link #RAISE}, so it does not flap). */
    public static final double CLEAR = 0.1;
    /** Weight of outcomes before the share is trusted enough to raise. */
    public static final double MIN_WEIGHT = 30;
    private static final double DECAY = Math.pow(0.5, 1 / HALF_LIFE);

    private double share;
    private double weight;
    private boolean alarmed;

    public ExpiryShare(double share, double weight, boolean alarmed) {
        this.share = share;
        this.weight = weight;
        this.alarmed = alarmed;
    }

    /** What changed with one more outcome. */
    public enum Change { NONE, RAISED, CLEARED }

    public Change observe(boolean expired) {
        weight = weight * DECAY + 1;
        share += ((expired ? 1 : 0) - share) / weight;
        if (!alarmed && weight >= MIN_WEIGHT && share > RAISE) {
            alarmed = true;
            return Change.RAISED;
        }
        if (alarmed && share < CLEAR) {
            alarmed = false;
            return Change.CLEARED;
        }
        return Change.NONE;
    }

    public double share() {
        return share;
    }

    public double weight() {
        return weight;
    }

    public boolean alarmed() {
        return alarmed;
    }

    /** What the audit event says about a change. */
    public String reason(Change c) {
        return c == Change.RAISED
                ? String.format("expiry share %.2f of recent reviews above %.2f: reviewers are not keeping up, and "
                        + "expired records are decided by the fallback, outside the promise", share, RAISE)
                : String.format("cleared: expiry share %.2f below %.2f", share, CLEAR);
    }
}
