package io.triage.policy;


/** Checkpointed state of an {@link AuditPrecisionMonitor}: the ring of recent audit outcomes. */
public record AuditMonitorState(boolean[] outcomes, int next, int size) {}
