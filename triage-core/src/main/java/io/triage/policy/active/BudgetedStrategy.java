package io.triage.policy.active;

/**
 * The common frame of Žliobaitė et al.'s Algorithm (budget check, then the strategy): warm-up records are
 * labeled for free; afterwards the strategy is consulted only while the budget manager allows a label,
 * and its answer is charged.
 */
abstract class BudgetedStrategy implements ActiveStrategy {
    protected final ActiveSettings settings;
    private final String name;
    private final BudgetManager budget;
    protected double threshold;
    private long seen;
    private long queried;

    BudgetedStrategy(String name, ActiveSettings settings, StrategyState s, double initialThreshold) {
        this.name = name;
        this.settings = settings;
        this.budget = new BudgetManager(settings.budget(), settings.window(), s == null ? 0 : s.expense());
        this.threshold = s == null ? initialThreshold : s.threshold();
        this.seen = s == null ? 0 : s.seen();
        this.queried = s == null ? 0 : s.queried();
    }

    @Override
    public final boolean query(double[] proba, double u) {
        seen++;
        if (seen <= settings.warmup()) {
            queried++;
            return true;
        }
        boolean label = budget.allows() && decide(maxPosterior(proba), proba.length, u);
        budget.record(label);
        if (label) queried++;
        return label;
    }

    /** The strategy proper, called only within budget. */
    abstract boolean decide(double maxPosterior, int classes, double u);

    @Override
    public final StrategyState state() {
        return new StrategyState(budget.expense(), threshold, seen, queried);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ActiveSettings settings() {
        return settings;
    }

    /** Current θ (NaN for strategies without one). */
    public double threshold() {
        return threshold;
    }

    /** Current estimate û of the labeled share over the memory window. */
    public double spendingEstimate() {
        return budget.estimate();
    }

    /** Largest class probability; 0 without a model (an empty vector), so the first records are wanted. */
    static double maxPosterior(double[] p) {
        double m = 0;
        for (double v : p) m = Math.max(m, v);
        return m;
    }
}
