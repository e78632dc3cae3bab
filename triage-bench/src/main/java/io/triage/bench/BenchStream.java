package io.triage.bench;

import io.triage.local.RecordStream;
import io.triage.spec.ModelSpec;

import java.util.function.Supplier;

/**
 * A replayable benchmark stream: {@code open} gives the same records each time (file order or seeded
 * generator), {@code spec} is the model served on it, {@code changePoints} the known concept changes
 * (record indices; empty when unknown), {@code limit} the records replayed, {@code noiseCeiling} the best
 * precision any decision rule can reach against the stream's noisy truth (1 − class noise; NaN: unknown).
 */
public record BenchStream(String name, Supplier<RecordStream> open, ModelSpec spec, long[] changePoints, long limit,
                          double noiseCeiling) {}
