package io.triage.drift;

import io.triage.spec.DetectorKind;

/** Builds and restores detectors from settings, so callers need not know the classes. */
public final class DriftDetectors {

    private DriftDetectors() {
    }

    public static DriftDetector create(DetectorSettings s) {
        return switch (kind(s)) {
            case ADWIN -> new Adwin(s.adwinDelta(), s.adwinBuckets(), s.adwinClock());
            case PAGE_HINKLEY -> new PageHinkley(s.phDelta(), s.phLambda(), s.phAlpha(), s.minSamples());
            case DDM -> new Ddm(s.minSamples(), s.ddmWarning(), s.ddmDrift());
        };
    }

    /** Rebuilds a detector that continues exactly where {@code state} was taken. */
    public static DriftDetector restore(DetectorSettings s, DetectorSnapshot state) {
        DetectorKind kind = kind(s);
        if (kind != state.kind()) {
            throw new IllegalArgumentException("settings are for " + s.kind() + ", state is " + state.kind().code());
        }
        // each state record has one fixed kind, so the casts below cannot fail after that check
        return switch (kind) {
            case ADWIN -> Adwin.restore(s.adwinDelta(), s.adwinBuckets(), s.adwinClock(), (AdwinState) state);
            case PAGE_HINKLEY -> PageHinkley.restore(s.phDelta(), s.phLambda(), s.phAlpha(), s.minSamples(),
                    (PageHinkleyState) state);
            case DDM -> Ddm.restore(s.minSamples(), s.ddmWarning(), s.ddmDrift(), (DdmState) state);
        };
    }

    private static DetectorKind kind(DetectorSettings s) {
        return DetectorKind.of(s.kind()).orElseThrow(() -> new IllegalArgumentException("unknown detector kind: " + s.kind()));
    }

    /** The detectors' bounds (ADWIN's cut, DDM's binomial model) assume values in [0,1]. */
    static void checkInput(double x) {
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("drift detector input must be in [0,1], got " + x);
        }
    }
}
