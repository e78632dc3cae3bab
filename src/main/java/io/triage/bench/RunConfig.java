package io.triage.bench;

/**
 * One benchmark run.
 *
 * @param stream   stream name
 * @param mode     guarantee (threshold policy at a target precision) or budget (active learning)
 * @param strategy active-learning strategy (budget mode), "threshold" in guarantee mode
 * @param level    target precision (guarantee) or budget (budget mode)
 */
public record RunConfig(String stream, Mode mode, String strategy, double level) {
    public enum Mode {
        GUARANTEE, BUDGET;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static RunConfig guarantee(String stream, double target) {
        return new RunConfig(stream, Mode.GUARANTEE, "threshold", target);
    }

    public static RunConfig budget(String stream, String strategy, double budget) {
        return new RunConfig(stream, Mode.BUDGET, strategy, budget);
    }

    @Override
    public String toString() {
        return stream + "/" + mode.label() + "/" + strategy + "@" + level;
    }
}
