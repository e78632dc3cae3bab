package io.triage.event;

/**
 * Per-model metrics for one window of scored records (count-based: every N records), derived from the
 * audit trail and the model version log, so they agree with what was committed.
 *
 * @param model               model id
 * @param window              window number (0, 1, …)
 * @param records             records scored in the window
 * @param auto                of which decided automatically
 * @param toReview            of which sent to humans (uncertain, audit, cold start, active)
 * @param audited             of which drawn for audit
 * @param labeled             human labels joined in the window
 * @param expired             review requests expired in the window
 * @param automationRate      auto / records
 * @param humanAgreement      share of labels that agreed with the routing-time prediction
 * @param auditAgreement      share of audit labels that agreed, each weighted by its inverse draw probability (an
 *                          unbiased estimate of automated precision)
 * @param backlog             review requests without an outcome yet (all time)
 * @param backlogAlarm        whether the backlog is above the model's review capacity (maxPendingReviews)
 * @param totalRecords        records scored so far
 * @param labelsApplied       labels applied by the Learner so far
 * @param modelVersion        latest model version
 * @param threshold           latest automation threshold (null when automation is off)
 * @param auditRate           latest audit rate
 * @param estimatedPrecision  latest estimated precision of automated decisions
 * @param precisionLowerBound its lower confidence bound
 * @param prequentialAccuracy latest decayed prequential accuracy of the model
 * @param driftAlarms         drift alarms so far
 * @param labelsRejected      labels rejected so far (duplicate, conflicting, late, unknown id/class/annotator …)
 * @param inputsRejected      input messages rejected so far (sent to dead-letter)
 * @param meanReviewLatencyMs mean time from review request to label in the window
 * @param windowEnd           epoch ms when the window closed
 * @param fallbackDecisions   expired requests in the window that the model's fallback decided (outside the promise;
 *                            never counted in {@code auto})
 * @param expiryShare         share of recent review outcomes that were expiries (see {@link io.triage.policy.ExpiryShare})
 * @param outcomesJoined      late ground truth joined to decisions in the window
 * @param outcomesAuto        outcomes joined to automated decisions so far
 * @param outcomePrecisionAuto share of those the automated decision got right: over the records that happened to
 *                            get an outcome, a non-random sample (chargebacks come for bad approvals), so not an
 *                            estimate of the promise (NaN without any)
 * @param outcomeContradictions windows of decision time whose known errors proved their precision below target
 * @param annotatorAccuracy   per annotator, the accuracy estimated from consensus items so far (one-coin model, see
 *                            {@link io.triage.review.AnnotatorQuality}; empty without consensus items)
 * @param fleissKappa         Fleiss' kappa of the labels of consensus items so far (NaN without any)
 * @param labelsCorrected     annotators' corrections of their own answers taken so far (LABEL_CORRECTED)
 */
public record Metrics(
        String model,
        long window,
        long records,
        long auto,
        long toReview,
        long audited,
        long labeled,
        long expired,
        double automationRate,
        double humanAgreement,
        double auditAgreement,
        long backlog,
        boolean backlogAlarm,
        long totalRecords,
        long labelsApplied,
        long modelVersion,
        double threshold,
        double auditRate,
        double estimatedPrecision,
        double precisionLowerBound,
        double prequentialAccuracy,
        long driftAlarms,
        long labelsRejected,
        long inputsRejected,
        double meanReviewLatencyMs,
        long windowEnd,
        long servingVersion,
        double certifiedThreshold,
        double controllerOffset,
        long epoch,
        double riskLevel,
        long fallbackDecisions,
        double expiryShare,
        long outcomesJoined,
        long outcomesAuto,
        double outcomePrecisionAuto,
        long outcomeContradictions,
        java.util.Map<String, Double> annotatorAccuracy,
        double fleissKappa,
        long labelsCorrected) {
    public Metrics {
        annotatorAccuracy = annotatorAccuracy == null ? java.util.Map.of() : new java.util.TreeMap<>(annotatorAccuracy);
    }

    /** Metrics before corrections were counted. */
    public Metrics(String model, long window, long records, long auto, long toReview, long audited, long labeled,
                   long expired, double automationRate, double humanAgreement, double auditAgreement, long backlog,
                   boolean backlogAlarm, long totalRecords, long labelsApplied, long modelVersion, double threshold,
                   double auditRate, double estimatedPrecision, double precisionLowerBound, double prequentialAccuracy,
                   long driftAlarms, long labelsRejected, long inputsRejected, double meanReviewLatencyMs,
                   long windowEnd, long servingVersion, double certifiedThreshold, double controllerOffset, long epoch,
                   double riskLevel, long fallbackDecisions, double expiryShare, long outcomesJoined,
                   long outcomesAuto, double outcomePrecisionAuto, long outcomeContradictions,
                   java.util.Map<String, Double> annotatorAccuracy, double fleissKappa) {
        this(model, window, records, auto, toReview, audited, labeled, expired, automationRate, humanAgreement,
                auditAgreement, backlog, backlogAlarm, totalRecords, labelsApplied, modelVersion, threshold, auditRate,
                estimatedPrecision, precisionLowerBound, prequentialAccuracy, driftAlarms, labelsRejected,
                inputsRejected, meanReviewLatencyMs, windowEnd, servingVersion, certifiedThreshold, controllerOffset,
                epoch, riskLevel, fallbackDecisions, expiryShare, outcomesJoined, outcomesAuto, outcomePrecisionAuto,
                outcomeContradictions, annotatorAccuracy, fleissKappa, 0);
    }

    /** Metrics without consensus items. */
    public Metrics(String model, long window, long records, long auto, long toReview, long audited, long labeled,
                   long expired, double automationRate, double humanAgreement, double auditAgreement, long backlog,
                   boolean backlogAlarm, long totalRecords, long labelsApplied, long modelVersion, double threshold,
                   double auditRate, double estimatedPrecision, double precisionLowerBound, double prequentialAccuracy,
                   long driftAlarms, long labelsRejected, long inputsRejected, double meanReviewLatencyMs,
                   long windowEnd, long servingVersion, double certifiedThreshold, double controllerOffset, long epoch,
                   double riskLevel, long fallbackDecisions, double expiryShare, long outcomesJoined,
                   long outcomesAuto, double outcomePrecisionAuto, long outcomeContradictions) {
        this(model, window, records, auto, toReview, audited, labeled, expired, automationRate, humanAgreement,
                auditAgreement, backlog, backlogAlarm, totalRecords, labelsApplied, modelVersion, threshold, auditRate,
                estimatedPrecision, precisionLowerBound, prequentialAccuracy, driftAlarms, labelsRejected,
                inputsRejected, meanReviewLatencyMs, windowEnd, servingVersion, certifiedThreshold, controllerOffset,
                epoch, riskLevel, fallbackDecisions, expiryShare, outcomesJoined, outcomesAuto, outcomePrecisionAuto,
                outcomeContradictions, java.util.Map.of(), Double.NaN, 0);
    }
}
