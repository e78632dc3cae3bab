package io.triage.policy.active;

import io.triage.spec.StrategyKind;

import java.util.List;

/** Creates and restores strategies by their spec names (see {@code PolicySpec.strategy}). */
public final class ActiveStrategies {
    public static final String RANDOM = StrategyKind.RANDOM.code();
    public static final String FIXED = StrategyKind.FIXED_UNCERTAINTY.code();
    public static final String VAR = StrategyKind.VAR_UNCERTAINTY.code();
    public static final String RAND_VAR = StrategyKind.RAND_VAR_UNCERTAINTY.code();
    public static final String SELECTIVE = StrategyKind.SELECTIVE_SAMPLING.code();
    public static final List<String> NAMES = StrategyKind.codes();

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
        StrategyKind kind = StrategyKind.of(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name + "' " + NAMES));
        return switch (kind) {
            case RANDOM -> new RandomStrategy(s, state);
            case FIXED_UNCERTAINTY -> new FixedUncertainty(s, state);
            case VAR_UNCERTAINTY -> new VarUncertainty(s, state);
            case RAND_VAR_UNCERTAINTY -> new RandVarUncertainty(s, state);
            case SELECTIVE_SAMPLING -> new SelectiveSampling(s, state);
        };
    }
}
