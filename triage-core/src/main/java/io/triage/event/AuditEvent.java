package io.triage.event;

/**
 * One entry of the audit trail. A flat record: fields that do not apply to a type are null / NaN / -1.
 *
 * @param type           what happened
 * @param recordId       record id (null for model-level events)
 * @param model          model id
 * @param modelVersion   model version involved (-1 when none)
 * @param policyVersion  policy version involved (-1 when none)
 * @param route          routing (SCORED, LABELED, EXPIRED)
 * @param predicted      predicted class (SCORED)
 * @param confidence     confidence (SCORED), or the old threshold (THRESHOLD_CHANGED)
 * @param label          the label (LABELED, LABEL_REJECTED) or the decision (EXPIRED)
 * @param annotator      annotator (LABELED, LABEL_REJECTED)
 * @param reason         reason code or description (LABEL_REJECTED, EXPIRED, DRIFT_DETECTED, INPUT_REJECTED …)
 * @param value          a number that goes with the event: new threshold, drift statistic, label weight …
 * @param ts             event time / epoch ms of the event
 */
public record AuditEvent(
        AuditType type,
        String recordId,
        String model,
        long modelVersion,
        long policyVersion,
        Route route,
        String predicted,
        double confidence,
        String label,
        String annotator,
        String reason,
        double value,
        long ts) {

    public static AuditEvent of(AuditType type, String recordId, String model, long modelVersion,
                                long policyVersion, long ts) {
        return new AuditEvent(type, recordId, model, modelVersion, policyVersion, null, null,
                Double.NaN, null, null, null, Double.NaN, ts);
    }

    public AuditEvent withRoute(Route r, String p, double c) {
        return new AuditEvent(type, recordId, model, modelVersion, policyVersion, r, p, c, label, annotator, reason, value, ts);
    }

    public AuditEvent withLabel(String l, String a) {
        return new AuditEvent(type, recordId, model, modelVersion, policyVersion, route, predicted, confidence, l, a, reason, value, ts);
    }

    public AuditEvent withReason(String r, double v) {
        return new AuditEvent(type, recordId, model, modelVersion, policyVersion, route, predicted, confidence, label, annotator, r, v, ts);
    }
}
