package io.triage.learn;

import io.triage.event.AuditEvent;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;

import java.util.List;

/** What applying one label produced: the new version for the Scorers and the log, and audit events. */
public record LearningOutcome(ModelSnapshot snapshot, ModelPublished published, List<AuditEvent> events) {}
