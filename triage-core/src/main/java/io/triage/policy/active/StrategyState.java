package io.triage.policy.active;

/**
 * Checkpointed state of a budgeted strategy: primitives only (Flink POJO/record state, no Kryo).
 *
 * @param expense   u: decayed count of labels over the memory window (budget manager)
 * @param threshold θ of the variable-threshold strategies (NaN for the others)
 * @param seen      records decided so far (warm-up included)
 * @param queried   labels requested so far (warm-up included)
 */
public record StrategyState(double expense, double threshold, long seen, long queried) {}
