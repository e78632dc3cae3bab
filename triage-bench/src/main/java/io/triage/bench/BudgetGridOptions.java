package io.triage.bench;

import io.triage.policy.active.ActiveStrategies;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options the learning benchmark and the MOA runner share, so that both run the same grid on the same data:
 * budget mode's budgets and strategies, and the dataset files.
 */
public final class BudgetGridOptions {
    @Option(names = "--budgets", split = ",", description = "Budget-mode budgets (default ${DEFAULT-VALUE})")
    public List<Double> budgets = new ArrayList<>(List.of(0.01, 0.05, 0.1, 0.2, 0.5));

    @Option(names = "--strategies", split = ",", description = "Active-learning strategies (default ${DEFAULT-VALUE})")
    public List<String> strategies = new ArrayList<>(ActiveStrategies.NAMES);

    @Option(names = "--flights-file", description = "Flights gzipped CSV (default: the 200k sample in the jar)")
    public Path flightsFile;

    @Option(names = "--digits-file", description = "Digits gzipped CSV (default: the copy in the jar)")
    public Path digitsFile;

    @Option(names = "--threads", description = "Parallel runs (default: available processors)")
    public int threads = Runtime.getRuntime().availableProcessors();
}
