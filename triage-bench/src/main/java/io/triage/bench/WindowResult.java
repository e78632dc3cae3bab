package io.triage.bench;

/**
 * Metrics of one window of records (or of the whole run).
 *
 * @param start              index of the first record
 * @param records            records in the window
 * @param accuracy           prequential accuracy: routing-time prediction vs truth, over all records
 * @param realizedPrecision  share of automated decisions that match the truth (NaN without any)
 * @param estimatedPrecision the learner's estimate of automated precision at the window's end
 * @param lowerBound         its lower confidence bound
 * @param threshold          automation threshold at the window's end (NaN: off)
 * @param automationRate     share of records decided automatically
 * @param labels             labels requested from the oracle
 * @param driftAlarms        drift alarms raised by the learner
 * @param majority           share of the most frequent true class (the trivial baseline)
 */
public record WindowResult(long start, long records, double accuracy, double realizedPrecision,
                           double estimatedPrecision, double lowerBound, double threshold, double automationRate,
                           long labels, long driftAlarms, double majority) {
    public double labelRate() {
        return records == 0 ? Double.NaN : (double) labels / records;
    }
}
