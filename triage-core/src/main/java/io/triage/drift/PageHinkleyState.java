package io.triage.drift;

import io.triage.spec.DetectorKind;

/**
 * Page-Hinkley's state.
 *
 * @param samples   values fed since construction or reset
 * @param n         values since the last alarm or reset
 * @param mean      running mean of those n values
 * @param sum       faded cumulative deviation m_t
 * @param min       minimum M_t of the cumulative deviation
 * @param statistic m_t - M_t as of the last update
 */
public record PageHinkleyState(long samples, long n, double mean, double sum, double min, double statistic)
        implements DetectorSnapshot {

    @Override
    public DetectorKind kind() {
        return DetectorKind.PAGE_HINKLEY;
    }
}
