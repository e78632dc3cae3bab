package io.triage.event;

/**
 * The one decision per record.
 *
 * @param recordId       record id
 * @param model          model id
 * @param decision       the decided class (null when the expiry fallback abstains)
 * @param source         AUTO, HUMAN or EXPIRED
 * @param route          how the record was routed by the Scorer
 * @param predicted      the model's predicted class at routing time (null without a model)
 * @param confidence     the model's confidence at routing time
 * @param modelVersion   model version used for routing
 * @param policyVersion  policy version used for routing
 * @param annotator      the annotator for HUMAN decisions, else null
 * @param ts             event time of the record
 * @param requestedAt    epoch ms when the review was requested (= decidedAt for AUTO)
 * @param decidedAt      epoch ms when decided
 * @param supersedes     for an amended decision (route APPEAL), the {@code decidedAt} of the decision it replaces;
 *                       null for a record's first decision. A record's current decision is its latest.
 * @param appealId       for an amended decision, the appeal that changed it; else null
 */
public record Decision(
        String recordId,
        String model,
        String decision,
        DecisionSource source,
        Route route,
        String predicted,
        double confidence,
        long modelVersion,
        long policyVersion,
        String annotator,
        long ts,
        long requestedAt,
        long decidedAt,
        Long supersedes,
        String appealId) {

    /** A record's first decision. */
    public Decision(String recordId, String model, String decision, DecisionSource source, Route route,
                    String predicted, double confidence, long modelVersion, long policyVersion, String annotator,
                    long ts, long requestedAt, long decidedAt) {
        this(recordId, model, decision, source, route, predicted, confidence, modelVersion, policyVersion, annotator,
                ts, requestedAt, decidedAt, null, null);
    }
}
