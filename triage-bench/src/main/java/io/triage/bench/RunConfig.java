package io.triage.bench;

import io.triage.policy.guarantee.PolicyVariant;

/**
 * One benchmark run.
 *
 * @param stream   stream name
 * @param mode     guarantee (threshold policy at a target precision) or budget (active learning)
 * @param strategy active-learning strategy (budget mode), "threshold" in guarantee mode
 * @param level    target precision (guarantee) or budget (budget mode)
 * @param policy   the threshold policy the learner runs (budget mode: the job's, {@link PolicyVariant#FULL})
 * @param seed     seed of the stream's generator or shuffle (unused by file-order streams)
 */
public record RunConfig(String stream, Mode mode, String strategy, double level, PolicyVariant policy, long seed) {
    public enum Mode {
        GUARANTEE, BUDGET;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The job's policy on seed 1. */
    public static RunConfig guarantee(String stream, double target) {
        return guarantee(stream, target, PolicyVariant.FULL, 1);
    }

    public static RunConfig guarantee(String stream, double target, PolicyVariant policy, long seed) {
        return new RunConfig(stream, Mode.GUARANTEE, "threshold", target, policy, seed);
    }

    public static RunConfig budget(String stream, String strategy, double budget, long seed) {
        return new RunConfig(stream, Mode.BUDGET, strategy, budget, PolicyVariant.FULL, seed);
    }

    @Override
    public String toString() {
        String s = stream + "/" + mode.label() + "/" + strategy + "@" + level;
        return mode == Mode.GUARANTEE ? s + "/" + policy.label() + "#" + seed : s;
    }
}
