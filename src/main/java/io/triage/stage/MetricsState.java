package io.triage.stage;

/**
 * Counters of the open metrics window of one model and running totals (see {@link io.triage.event.Metrics}).
 */
public record MetricsState(long window, long records, long auto, long toReview, long audited, long labeled,
                           long agreed, long auditLabeled, long auditAgreed, long expired, double latencySum,
                           long totalRecords, long totalToReview, long totalOutcomes, long labelsApplied,
                           long modelVersion, double threshold, double auditRate, double estimatedPrecision,
                           double precisionLowerBound, double prequentialAccuracy, long driftAlarms) {
    static MetricsState empty() {
        return new MetricsState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0);
    }
}
