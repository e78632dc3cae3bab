package io.triage.drift;

import io.triage.spec.DetectorKind;

/**
 * DDM's state.
 *
 * @param samples   values fed since construction or reset
 * @param n         values since the last drift or reset
 * @param p         error rate over those n values
 * @param pMin      p at the minimum of p + s
 * @param sMin      s at the minimum of p + s
 * @param statistic p + s as of the last update
 * @param threshold p_min + drift level * s_min as of the last update
 * @param warning   whether the last value was in the warning zone
 */
public record DdmState(long samples, long n, double p, double pMin, double sMin, double statistic, double threshold,
        boolean warning) implements DetectorSnapshot {

    @Override
    public DetectorKind kind() {
        return DetectorKind.DDM;
    }
}
