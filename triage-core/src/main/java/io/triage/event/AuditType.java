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
    BACKLOG_ALARM
}
