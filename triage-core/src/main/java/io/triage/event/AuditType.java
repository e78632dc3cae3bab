package io.triage.event;

/** Kinds of audit events (append-only trail). */
public enum AuditType {
    SCORED,
    LABELED,
    LABEL_REJECTED,
    EXPIRED,
    MODEL_PUBLISHED,
    THRESHOLD_CHANGED,
    DRIFT_DETECTED,
    INPUT_REJECTED,
    BACKLOG_ALARM,
    /** An appeal accepted: the record goes to appeal review (reason = appeal id, label = contested decision). */
    APPEAL_RECEIVED,
    /** An appeal refused, with its reason code. */
    APPEAL_REJECTED,
    /** The appeal reviewer kept the decision. */
    APPEAL_UPHELD,
    /** The appeal reviewer changed the decision: an amended decision follows on {@code decisions}. */
    APPEAL_OVERTURNED,
    /** Nobody answered the appeal by its deadline: the decision stands, unreviewed (counted; alert on it). */
    APPEAL_EXPIRED,
    /**
     * Late ground truth joined to a record's first decision (route, predicted = the decision and its confidence;
     * label = the truth, annotator = the outcome's source; reason = correct|wrong|abstained:SOURCE; value = when
     * the judged decision was made; ts = when the truth was observed).
     */
    OUTCOME_JOINED,
    /** An outcome refused, with its reason code. */
    OUTCOME_REJECTED,
    /** Known errors among a window's automated decisions prove its precision below the target (alert on it). */
    OUTCOMES_CONTRADICT,
    /**
     * The Learner took an automated decision shown wrong after the fact into account (route AUTO, predicted = the
     * decision, label = the truth; reason = appeal|outcome; value = the controller's offset after it).
     */
    KNOWN_ERROR
}
