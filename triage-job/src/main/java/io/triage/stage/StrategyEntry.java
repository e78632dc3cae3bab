package io.triage.stage;

import io.triage.policy.active.StrategyState;

/**
 * A Scorer subtask's active-learning strategy state for one model (budget mode), kept in operator state.
 *
 * @param model     model id
 * @param strategy  strategy name
 * @param state     budget spent, threshold, counters
 */
public record StrategyEntry(String model, String strategy, StrategyState state) {}
