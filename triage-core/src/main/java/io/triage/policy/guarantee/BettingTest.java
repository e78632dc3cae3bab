package io.triage.policy.guarantee;

/**
 * An anytime-valid test of "the records selected by one threshold are correct less often than {@code p0}", by
 * betting (Waudby-Smith and Ramdas, JRSS-B 2024). Each verified outcome of a selected record contributes
 * x = w (error − (1 − p0)), w its inverse probability of having been verified; under the null E[x] ≥ 0, so the
 * wealth Π(1 − λ x) of a bettor with predictable λ ≥ 0 is a non-negative supermartingale and, by Ville's
 * inequality, reaches 1/level with probability at most {@code level} — however often it is looked at. The
 * test averages a fixed grid of bettors (an average of e-processes is one), which adapts λ without a tuning
 * choice that could peek at the data.
 * <p>
 * λ is scaled by 1/(wMax p0), wMax the largest weight the routing policy could have given this outcome (1
 * when the policy automated nothing and every record was verified; 1/π_min when confident records were
 * verified by an audit drawn with probability π ≥ π_min). That keeps every factor positive and depends only on
 * the policy in force, never on whether this particular record was drawn, which keeps λ predictable.
 * Once the wealth crosses 1/level the null is rejected for good (the test stops there).
 */
public final class BettingTest {
    /** Fractions of the largest safe bet. */
    static final double[] BETS = {0.8, 0.4, 0.2, 0.1, 0.05, 0.025};

    private final double p0;
    private final double[] logWealth;
    private boolean rejected;

    public BettingTest(double p0) {
        this(p0, new double[BETS.length], false);
    }

    private BettingTest(double p0, double[] logWealth, boolean rejected) {
        if (!(p0 > 0 && p0 < 1)) throw new IllegalArgumentException("p0 must be in (0, 1): " + p0);
        this.p0 = p0;
        this.logWealth = logWealth;
        this.rejected = rejected;
    }

    public static BettingTest restore(double p0, double[] logWealth, boolean rejected) {
        double[] w = new double[BETS.length];
        System.arraycopy(logWealth, 0, w, 0, Math.min(w.length, logWealth.length));
        return new BettingTest(p0, w, rejected);
    }

    /**
     * Adds one verified outcome of a selected record and reports whether the null is (now or already) rejected
     * at {@code level}.
     */
    public boolean observe(boolean error, double weight, double maxWeight, double level) {
        if (weight > maxWeight * (1 + 1e-9)) throw new IllegalArgumentException("weight " + weight + " > max " + maxWeight);
        double x = weight * ((error ? 1.0 : 0.0) - (1 - p0));
        double scale = 1.0 / (maxWeight * p0);
        for (int k = 0; k < BETS.length; k++) logWealth[k] += Math.log1p(-BETS[k] * scale * x);
        if (!rejected && logEvidence() >= -Math.log(level)) rejected = true;
        return rejected;
    }

    /** log of the averaged wealth: the log e-value against the null. */
    public double logEvidence() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : logWealth) m = Math.max(m, v);
        double s = 0;
        for (double v : logWealth) s += Math.exp(v - m);
        return m + Math.log(s / logWealth.length);
    }

    /** Rejected by a procedure that tests this null at a larger level than its own (see {@link Certificate}). */
    public void reject() {
        rejected = true;
    }

    public boolean rejected() {
        return rejected;
    }

    public double p0() {
        return p0;
    }

    public double[] logWealth() {
        return logWealth.clone();
    }
}
