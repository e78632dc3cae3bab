package io.triage.learn;

import io.triage.event.AuditEvent;
import io.triage.event.ModelDelta;
import io.triage.event.ModelPublished;
import io.triage.event.ModelSnapshot;

import java.util.List;

/**
 * What applying one label produced: the new version (whole — only from {@link LearnerCore#learn}, null from
 * {@link LearnerCore#step} — and as a delta from the previous one when the class set did not change, null
 * otherwise), its log entry, audit events, and the model cells (weights and
 * accumulators, {@link io.triage.model.ModelState} layout) the step changed — null when it changed them all
 * (a new class, an accumulator decay) — and whether the frozen versions (serving or challenger) changed.
 */
public record LearningOutcome(ModelSnapshot snapshot, ModelDelta delta, ModelPublished published,
                              List<AuditEvent> events, int[] changedCells, boolean frozenChanged) {}
