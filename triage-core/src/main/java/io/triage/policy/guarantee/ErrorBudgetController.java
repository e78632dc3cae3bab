package io.triage.policy.guarantee;

import io.triage.policy.Threshold;

/**
 * Error-budget controller on verified outcomes (adaptive conformal inference / rolling risk control, Gibbs and
 * Candès 2021, Feldman et al. 2023): an offset Δ ≥ 0 added to a base threshold, raised by every wrong verified
 * outcome above the operating threshold and lowered by every right one, in proportion to its inverse
 * verification probability: Δ ← clamp(Δ + γ w (error − α′), 0, max). Summing the updates over any stretch of
 * the stream telescopes: γ Σ w (error − α′) ≤ Δ_end − Δ_start ≤ max, so the inverse-probability-weighted number
 * of errors above the threshold exceeds α′ times the weighted number of selected records by at most max/γ, in
 * every window and whatever the model or the stream do (the lower clamp only removes downward steps; with
 * {@code max = ∞}, as the job runs it, nothing removes an upward one). The audit noise around that weighted
 * count is a martingale; α′ = α − margin leaves room for it. Once the offset lifts the threshold above every
 * confidence nothing is selected and it stops moving: the serving version then automates nothing, and a
 * challenger certified on the reviews of every record takes over (see CertifiedServing).
 * <p>
 * γ is set so that one wrong audit (weight 1/π) moves the threshold by {@code gain}: a shortfall of a few
 * points shows within tens of audits.
 */
public final class ErrorBudgetController {
    private final double alphaPrime;
    private final double gamma;
    private final double max;
    private final double[] offset;

    /**
     * @param target     promised precision p*
     * @param margin     how far inside the promise it aims (α′ = 1 − p* − margin)
     * @param gain       threshold move of one wrong audit
     * @param auditRate  the base audit probability π
     * @param max        largest offset ({@link Double#POSITIVE_INFINITY} keeps the window bound exact; a finite cap
     *                   keeps a controller without a certificate alive instead)
     * @param scopes     independent offsets (1, or one per predicted class)
     */
    public ErrorBudgetController(double target, double margin, double gain, double auditRate, double max, int scopes) {
        this.alphaPrime = Math.max(1e-6, 1 - target - margin);
        this.gamma = gain * auditRate / (1 - alphaPrime);
        this.max = max;
        this.offset = new double[scopes];
    }

    public static ErrorBudgetController restore(double target, double margin, double gain, double auditRate, double max,
                                                double[] offsets) {
        ErrorBudgetController c = new ErrorBudgetController(target, margin, gain, auditRate, max, offsets.length);
        System.arraycopy(offsets, 0, c.offset, 0, offsets.length);
        return c;
    }

    public double[] state() {
        return offset.clone();
    }

    /** One verified outcome of a record scored {@code confidence} against the scope's {@code base} threshold. */
    public void observe(int scope, double confidence, boolean error, double weight, double base) {
        if (scope < 0 || scope >= offset.length || base > 1) return;
        if (confidence < base + offset[scope]) return;
        offset[scope] = Math.max(0, Math.min(max, offset[scope] + gamma * weight * ((error ? 1 : 0) - alphaPrime)));
    }

    public double offset(int scope) {
        return offset[scope];
    }

    /** The operating threshold over a base (a base that is {@link Threshold#off} stays off). */
    public double apply(int scope, double base) {
        return Threshold.off(base) ? base : base + offset[scope];
    }

    /** Sets a scope's offset (a starting point). */
    public void set(int scope, double value) {
        offset[scope] = Math.max(0, Math.min(max, value));
    }

    public void reset() {
        java.util.Arrays.fill(offset, 0);
    }

    public int scopes() {
        return offset.length;
    }

    /**
     * The window slack in weighted errors over a base threshold: the offset stops growing once the threshold is
     * above every confidence, so over any window it rises by at most (1 − base) plus one step, and the weighted
     * errors exceed α′ times the weighted selected records by at most that over γ.
     */
    public double windowSlack(double base, double maxWeight) {
        return Math.min(max, 1 - base + gamma * maxWeight) / gamma;
    }

    public double gamma() {
        return gamma;
    }

    public double alphaPrime() {
        return alphaPrime;
    }
}
