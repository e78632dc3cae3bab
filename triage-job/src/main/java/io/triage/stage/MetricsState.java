package io.triage.stage;

/**
 * Counters of the open metrics window of one model, and running totals (see {@link io.triage.event.Metrics}).
 * A mutable POJO (public fields, no-arg constructor): Flink serializes it field by field, without Kryo.
 */
public class MetricsState {
    // the open window
    public long window;
    public long records;
    public long auto;
    public long toReview;
    public long audited;
    public long labeled;
    public long agreed;
    public long auditLabeled;
    public long auditAgreed;
    /** The audits' inverse-probability weights, and those of the ones that agreed. */
    public double auditWeight;
    public double auditAgreedWeight;
    public long expired;
    public long fallbackDecisions;
    public double latencySum;
    /** input and labels rejected in the window (so that a window of rejections alone is reported too) */
    public long rejected;
    // running totals
    public long totalRecords;
    public long totalToReview;
    public long totalOutcomes;
    public long labelsRejected;
    /** Corrections of annotators' own answers so far (a field added with them: older state restores it as 0). */
    public long labelsCorrected;
    public long inputsRejected;
    public boolean backlogAlarm;
    public double expiryShare;
    public double expiryWeight;
    public boolean expiryAlarm;
    // the latest published version
    public long labelsApplied;
    public long modelVersion;
    public double threshold = Double.NaN;
    public double auditRate = Double.NaN;
    public double estimatedPrecision = Double.NaN;
    public double precisionLowerBound = Double.NaN;
    public double prequentialAccuracy = Double.NaN;
    public long driftAlarms;
    // what the promise rests on, as of the latest published version
    public long servingVersion;
    public double certifiedThreshold = Double.NaN;
    public double controllerOffset;
    public long epoch;
    public double riskLevel = Double.NaN;
    // late ground truth: joined in the window; of automated decisions, so far; windows it contradicted
    public long outcomesJoined;
    public long outcomesAuto;
    public long outcomesAutoWrong;
    public long outcomeContradictions;
    public io.triage.policy.OutcomeCheckState outcomeCheck;

    public MetricsState() {}

    boolean windowEmpty() {
        return records + labeled + expired + rejected + outcomesJoined == 0;
    }

    /** Starts the next window, keeping totals and the latest version. */
    void nextWindow() {
        window++;
        records = auto = toReview = audited = labeled = agreed = auditLabeled = auditAgreed = expired = fallbackDecisions = 0;
        latencySum = auditWeight = auditAgreedWeight = 0;
        outcomesJoined = 0;
        rejected = 0;
    }
}
