package io.triage.drift;

import io.triage.spec.DetectorKind;

/**
 * Configuration of a detector. One record for all kinds so it can sit in job configuration;
 * each kind reads only its own fields. ADWIN and Page-Hinkley both call a parameter "delta"
 * but they mean different things (a confidence vs. a magnitude), hence separate fields.
 *
 * @param kind           "adwin", "page-hinkley" or "ddm"
 * @param adwinDelta     ADWIN confidence: false cut probability bound (default 0.002)
 * @param adwinBuckets   ADWIN buckets per exponential-histogram row, M (default 5)
 * @param adwinClock     ADWIN checks for a cut every this many samples (default 32, as MOA)
 * @param phDelta        Page-Hinkley magnitude tolerance (default 0.005)
 * @param phLambda       Page-Hinkley alarm threshold (default 50)
 * @param phAlpha        Page-Hinkley fading factor of the cumulative sum (default 0.9999)
 * @param minSamples     Page-Hinkley and DDM: no alarm before this many samples (default 30)
 * @param ddmWarning     DDM warning level in standard deviations (default 2)
 * @param ddmDrift       DDM drift level in standard deviations (default 3)
 */
public record DetectorSettings(String kind, double adwinDelta, int adwinBuckets, int adwinClock,
        double phDelta, double phLambda, double phAlpha, int minSamples,
        double ddmWarning, double ddmDrift) {

    public static final String ADWIN = DetectorKind.ADWIN.code();
    public static final String PAGE_HINKLEY = DetectorKind.PAGE_HINKLEY.code();
    public static final String DDM = DetectorKind.DDM.code();

    public DetectorSettings {
        if (DetectorKind.of(kind).isEmpty()) {
            throw new IllegalArgumentException("unknown detector kind: " + kind + " " + DetectorKind.codes());
        }
        check(adwinDelta > 0 && adwinDelta < 1, "adwinDelta in (0,1)");
        check(adwinBuckets >= 2, "adwinBuckets >= 2");
        check(adwinClock >= 1, "adwinClock >= 1");
        check(phDelta >= 0, "phDelta >= 0");
        check(phLambda > 0, "phLambda > 0");
        check(phAlpha > 0 && phAlpha <= 1, "phAlpha in (0,1]");
        check(minSamples >= 0, "minSamples >= 0");
        check(ddmWarning > 0 && ddmDrift >= ddmWarning, "0 < ddmWarning <= ddmDrift");
    }

    /** Defaults of the published detectors (MOA's defaults). */
    public static DetectorSettings defaults(String kind) {
        return new DetectorSettings(kind, 0.002, 5, 32, 0.005, 50, 0.9999, 30, 2, 3);
    }

    public static DetectorSettings adwin(double delta) {
        return defaults(ADWIN).withAdwinDelta(delta);
    }

    public static DetectorSettings pageHinkley(double delta, double lambda, double alpha, int minSamples) {
        DetectorSettings d = defaults(PAGE_HINKLEY);
        return new DetectorSettings(d.kind, d.adwinDelta, d.adwinBuckets, d.adwinClock,
                delta, lambda, alpha, minSamples, d.ddmWarning, d.ddmDrift);
    }

    public DetectorSettings withAdwinDelta(double delta) {
        return new DetectorSettings(kind, delta, adwinBuckets, adwinClock, phDelta, phLambda,
                phAlpha, minSamples, ddmWarning, ddmDrift);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("detector settings: need " + what);
        }
    }
}
