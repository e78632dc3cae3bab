package io.triage.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The drift detectors a spec may name ({@code drift.detectors}); {@link #code()} is the name in specs and state. */
public enum DetectorKind {
    PAGE_HINKLEY("page-hinkley"),
    ADWIN("adwin"),
    DDM("ddm");

    private final String code;

    DetectorKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DetectorKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(DetectorKind::code).toList();
    }
}
