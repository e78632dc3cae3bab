package io.triage.policy.active;

/**
 * The labelling-expense estimate of Žliobaitė et al. (2014): u_t = u_{t-1}·λ + labeling_t with
 * λ = (w−1)/w, and û_t = u_t / w the share labeled over the last ≈ w records. A label may be requested
 * only while û < b. (MOA's ALUncertainty uses the cumulative share instead; the window forgets, so a
 * strategy that under-spent long ago cannot burst later.)
 */
final class BudgetManager {
    private final double budget;
    private final int window;
    private final double lambda;
    private double expense;

    BudgetManager(double budget, int window, double expense) {
        this.budget = budget;
        this.window = window;
        this.lambda = (window - 1.0) / window;
        this.expense = expense;
    }

    /** Whether the estimated spending leaves room for one more label. */
    boolean allows() {
        return expense / window < budget;
    }

    /** Accounts for one decided record. */
    void record(boolean labeled) {
        expense = expense * lambda + (labeled ? 1 : 0);
    }

    double expense() {
        return expense;
    }

    double estimate() {
        return expense / window;
    }
}
