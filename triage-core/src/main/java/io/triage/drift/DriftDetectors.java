package io.triage.drift;

/** Builds and restores detectors from settings, so callers need not know the classes. */
public final class DriftDetectors {

    private DriftDetectors() {
    }

    public static DriftDetector create(DetectorSettings s) {
        return switch (s.kind()) {
            case DetectorSettings.ADWIN -> new Adwin(s.adwinDelta(), s.adwinBuckets(), s.adwinClock());
            case DetectorSettings.PAGE_HINKLEY -> new PageHinkley(s.phDelta(), s.phLambda(), s.phAlpha(), s.minSamples());
            case DetectorSettings.DDM -> new Ddm(s.minSamples(), s.ddmWarning(), s.ddmDrift());
            default -> throw new IllegalArgumentException("unknown detector kind: " + s.kind());
        };
    }

    /** Rebuilds a detector that continues exactly where {@code state} was taken. */
    public static DriftDetector restore(DetectorSettings s, DetectorState state) {
        if (!s.kind().equals(state.kind())) {
            throw new IllegalArgumentException("settings are for " + s.kind() + ", state is " + state.kind());
        }
        return switch (s.kind()) {
            case DetectorSettings.ADWIN -> Adwin.restore(s.adwinDelta(), s.adwinBuckets(), s.adwinClock(), state);
            case DetectorSettings.PAGE_HINKLEY -> PageHinkley.restore(s.phDelta(), s.phLambda(), s.phAlpha(), s.minSamples(), state);
            case DetectorSettings.DDM -> Ddm.restore(s.minSamples(), s.ddmWarning(), s.ddmDrift(), state);
            default -> throw new IllegalArgumentException("unknown detector kind: " + s.kind());
        };
    }

    /** The detectors' bounds (ADWIN's cut, DDM's binomial model) assume values in [0,1]. */
    static void checkInput(double x) {
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("drift detector input must be in [0,1], got " + x);
        }
    }
}
