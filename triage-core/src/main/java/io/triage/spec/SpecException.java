package io.triage.spec;

import java.util.List;

/** An invalid job spec: the message names every offending field and its problem. */
public class SpecException extends RuntimeException {
    private final List<String> problems;

    public SpecException(List<String> problems) {
        super("invalid job spec:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
