package io.triage.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The active-learning strategies of budget mode ({@code policy.strategy}), after Žliobaitė et al.;
 * {@link #code()} is the name in specs and state.
 */
public enum StrategyKind {
    RANDOM("random"),
    FIXED_UNCERTAINTY("fixed-uncertainty"),
    VAR_UNCERTAINTY("var-uncertainty"),
    RAND_VAR_UNCERTAINTY("rand-var-uncertainty"),
    SELECTIVE_SAMPLING("selective-sampling");

    private final String code;

    StrategyKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<StrategyKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(StrategyKind::code).toList();
    }
}
