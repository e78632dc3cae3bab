package io.triage.policy.active;

import io.triage.policy.AuditSampler;

/**
 * The uniform draw of the active-learning strategies: a hash of the record id (like the audit draw, but
 * with its own salt so the two are independent), so the query decision of a record can be replayed.
 */
public final class ActiveDraw {
    private ActiveDraw() {}

    public static double uniform(String model, String recordId) {
        return AuditSampler.uniform("active-learning\u0000" + model, recordId);
    }
}
