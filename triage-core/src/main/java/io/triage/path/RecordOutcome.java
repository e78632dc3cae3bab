package io.triage.path;

import io.triage.event.AuditEvent;
import io.triage.event.Decision;
import io.triage.event.ReviewRequest;
import io.triage.policy.Routing;

/**
 * Where a record's path ends: an automated decision or a review request (exactly one of them), with the SCORED
 * event that names the versions used, so the routing can be replayed.
 */
public record RecordOutcome(Routing routing, AuditEvent scored, Decision decision, ReviewRequest review) {
    public RecordOutcome {
        if ((decision == null) == (review == null)) {
            throw new IllegalArgumentException("a record ends in a decision or a review request, not both or neither");
        }
    }

    public boolean automated() {
        return decision != null;
    }
}
