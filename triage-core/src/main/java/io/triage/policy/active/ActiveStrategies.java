package io.triage.policy.active;

import java.util.List;

/** Creates and restores strategies by their spec names (see {@code PolicySpec.strategy}). */
public final class ActiveStrategies {
    public static final String RANDOM = "random";
    public static final String FIXED = "fixed-uncertainty";
    public static final String VAR = "var-uncertainty";
    public static final String RAND_VAR = "rand-var-uncertainty";
    public static final String SELECTIVE = "selective-sampling";
    public static final List<String> NAMES = List.of(RANDOM, FIXED, VAR, RAND_VAR, SELECTIVE);

    private ActiveStrategies() {}

    /** A fresh strategy with the paper's defaults at budget b. */
    public static ActiveStrategy create(String name, double budget) {
        return create(name, ActiveSettings.defaults(budget));
    }

    public static ActiveStrategy create(String name, ActiveSettings settings) {
        return restore(name, settings, null);
    }

    /** A strategy continuing from checkpointed state ({@code null}: fresh). */
    public static ActiveStrategy restore(String name, ActiveSettings s, StrategyState state) {
        return switch (name) {
            case RANDOM -> new RandomStrategy(s, state);
            case FIXED -> new FixedUncertainty(s, state);
            case VAR -> new VarUncertainty(s, state);
            case RAND_VAR -> new RandVarUncertainty(s, state);
            case SELECTIVE -> new SelectiveSampling(s, state);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "' " + NAMES);
        };
    }
}
