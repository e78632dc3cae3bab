package io.triage.policy.guarantee;

import io.triage.policy.Threshold;

/**
 * Error-budget controller on verified outcomes (adaptive conformal inference / rolling risk control, Gibbs and
 * Candès 2021, Feldman et al. 2023): an offset Δ ≥ 0 added to a base (certified) threshold, stepped by every
 * verified outcome at or above the base in proportion to its inverse verification probability:
 * Δ ← clamp(Δ + γ w (error − α′), 0, max). Summing the steps over any stretch of the stream telescopes:
 * γ Σ w (error − α′) ≤ Δ_end − Δ_start, so the inverse-probability-weighted errors above the base exceed α′
 * times the weighted records there by at most the offset's rise over γ, in every window and whatever the model
 * or the stream do (the lower clamp only removes downward steps; with {@code max = ∞}, as the job runs it,
 * nothing removes an upward one). The audit noise around that weighted count is a martingale; α′ = α − margin
 * leaves room for it.
 * <p>
 * The records above the base are of two kinds: those above the operating threshold, automated and seen through
 * audits (weight 1/π), and those between the base and the operating threshold, which the offset holds back and
 * which are therefore reviewed (weight 1). Both step the offset. The second kind is what brings it back down: a
 * controller fed only by audits of what it automates hears nothing once it has lifted the threshold above every
 * confidence, and would never automate again.
 * <p>
 * γ is set so that one wrong audit (weight 1/π) moves the threshold by {@code gain}: a shortfall of a few
 * points shows within tens of audits; a held-back review moves it π times as much.
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
        if (confidence < base) return;
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
     * The window slack in weighted errors over a base threshold while the offset stays within
     * {@code maxOffset} (the serving policy restarts its certificate before it goes further): over any window
     * the offset rises by at most that plus one step, and the weighted errors above the base exceed α′ times the
     * weighted records there by at most that over γ.
     */
    public double windowSlack(double maxOffset, double maxWeight) {
        return Math.min(max, maxOffset + gamma * maxWeight) / gamma;
    }

    public double gamma() {
        return gamma;
    }

    public double alphaPrime() {
        return alphaPrime;
    }
}
