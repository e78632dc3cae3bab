package io.triage.event;

import java.util.function.UnaryOperator;

/**
 * One entry of the audit trail. A flat record in which every field has one meaning whatever the type; the fields
 * that do not apply to a type are null (NaN for {@code confidence}, -1 for the versions) and left out of the JSON.
 *
 * @param type             what happened
 * @param recordId         record id (null for model-level events)
 * @param model            model id
 * @param modelVersion     model version involved (-1 when none)
 * @param policyVersion    policy version involved (-1 when none)
 * @param route            how the record was routed (SCORED, LABELED, EXPIRED, OUTCOME_JOINED, KNOWN_ERROR)
 * @param predicted        the model's predicted class for the record
 * @param confidence       the model's confidence in {@code predicted}
 * @param decision         the decision this event is about: the fallback's at an expiry, the contested one of an
 *                         appeal, the judged one of an outcome
 * @param label            a person's label (LABELED, LABEL_REJECTED, appeal answers) or the observed truth
 *                         (OUTCOME_*, KNOWN_ERROR)
 * @param annotator        who is behind the event: the annotator of {@code label}, the appellant of an appeal, the
 *                         source of an outcome
 * @param reason           why: a reason code, optionally followed by ": " and a description (rejections, expiries,
 *                         alarms, threshold moves, the detector that fired, the source of a known error)
 * @param eventId          the label message's event id (LABELED, appeal answers, LABEL_REJECTED)
 * @param appealId         the appeal (APPEAL_*)
 * @param outcomeId        the outcome message (OUTCOME_*)
 * @param weightsDigest    digest of the published weights (MODEL_PUBLISHED)
 * @param labelsApplied    labels the published version has learned from (MODEL_PUBLISHED)
 * @param labelWeight      the inverse-probability weight an answer to this routing will carry (SCORED)
 * @param latencyMs        from the review request to its answer (LABELED, APPEAL_UPHELD/OVERTURNED)
 * @param deadlineMs       how long the review has to answer (APPEAL_RECEIVED)
 * @param threshold        the operating threshold after the change (THRESHOLD_CHANGED)
 * @param previousThreshold the operating threshold before it (THRESHOLD_CHANGED)
 * @param statistic        the detector's statistic when it fired (DRIFT_DETECTED)
 * @param backlog          review requests without an outcome (BACKLOG_ALARM on the backlog)
 * @param expiryShare      the recent share of reviews that expired (BACKLOG_ALARM on expiries)
 * @param precisionAtMost  the most the window's precision can be, given its known errors (OUTCOMES_CONTRADICT)
 * @param verdict          what the truth says of the judged decision: correct, wrong or abstained (OUTCOME_JOINED)
 * @param decisionSource   who took the judged decision (OUTCOME_JOINED)
 * @param decidedAt        when the judged decision was taken (OUTCOME_JOINED)
 * @param controllerOffset the error-budget controller's offset after a known error (KNOWN_ERROR)
 * @param voteWeight       the weight the vote carried in its consensus (CONSENSUS_VOTE under the WEIGHTED rule; a
 *                         vote under the other rules counts one)
 * @param ts               event time / epoch ms of the event
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
        String decision,
        String label,
        String annotator,
        String reason,
        String eventId,
        String appealId,
        String outcomeId,
        String weightsDigest,
        Long labelsApplied,
        Double labelWeight,
        Long latencyMs,
        Long deadlineMs,
        Double threshold,
        Double previousThreshold,
        Double statistic,
        Long backlog,
        Double expiryShare,
        Double precisionAtMost,
        String verdict,
        DecisionSource decisionSource,
        Long decidedAt,
        Double controllerOffset,
        Double voteWeight,
        long ts) {

    public static AuditEvent of(AuditType type, String recordId, String model, long modelVersion,
                                long policyVersion, long ts) {
        return new Builder(type, recordId, model, modelVersion, policyVersion, ts).build();
    }

    /** The routing of the record: how, to which class, how confidently. */
    public AuditEvent withRoute(Route r, String p, double c) {
        return with(b -> b.route(r).predicted(p).confidence(c));
    }

    /** A person's label (or the observed truth) and who gave it. */
    public AuditEvent withLabel(String l, String a) {
        return with(b -> b.label(l).annotator(a));
    }

    /** Why it happened: a reason code, optionally with ": " and a description. */
    public AuditEvent because(String why) {
        return with(b -> b.reason(why));
    }

    /** This event with the fields {@code change} sets on a builder holding its current fields. */
    public AuditEvent with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    /** The record's fields, set by name, so that each event sets only what applies to its type. */
    public static final class Builder {
        private final AuditType type;
        private final String recordId;
        private final String model;
        private final long modelVersion;
        private final long policyVersion;
        private final long ts;
        private Route route;
        private String predicted;
        private double confidence = Double.NaN;
        private String decision;
        private String label;
        private String annotator;
        private String reason;
        private String eventId;
        private String appealId;
        private String outcomeId;
        private String weightsDigest;
        private Long labelsApplied;
        private Double labelWeight;
        private Long latencyMs;
        private Long deadlineMs;
        private Double threshold;
        private Double previousThreshold;
        private Double statistic;
        private Long backlog;
        private Double expiryShare;
        private Double precisionAtMost;
        private String verdict;
        private DecisionSource decisionSource;
        private Long decidedAt;
        private Double controllerOffset;
        private Double voteWeight;

        private Builder(AuditType type, String recordId, String model, long modelVersion, long policyVersion, long ts) {
            this.type = type;
            this.recordId = recordId;
            this.model = model;
            this.modelVersion = modelVersion;
            this.policyVersion = policyVersion;
            this.ts = ts;
        }

        private Builder(AuditEvent e) {
            this(e.type, e.recordId, e.model, e.modelVersion, e.policyVersion, e.ts);
            route = e.route;
            predicted = e.predicted;
            confidence = e.confidence;
            decision = e.decision;
            label = e.label;
            annotator = e.annotator;
            reason = e.reason;
            eventId = e.eventId;
            appealId = e.appealId;
            outcomeId = e.outcomeId;
            weightsDigest = e.weightsDigest;
            labelsApplied = e.labelsApplied;
            labelWeight = e.labelWeight;
            latencyMs = e.latencyMs;
            deadlineMs = e.deadlineMs;
            threshold = e.threshold;
            previousThreshold = e.previousThreshold;
            statistic = e.statistic;
            backlog = e.backlog;
            expiryShare = e.expiryShare;
            precisionAtMost = e.precisionAtMost;
            verdict = e.verdict;
            decisionSource = e.decisionSource;
            decidedAt = e.decidedAt;
            controllerOffset = e.controllerOffset;
            voteWeight = e.voteWeight;
        }

        public Builder route(Route v) {
            route = v;
            return this;
        }

        public Builder predicted(String v) {
            predicted = v;
            return this;
        }

        public Builder confidence(double v) {
            confidence = v;
            return this;
        }

        public Builder decision(String v) {
            decision = v;
            return this;
        }

        public Builder label(String v) {
            label = v;
            return this;
        }

        public Builder annotator(String v) {
            annotator = v;
            return this;
        }

        public Builder reason(String v) {
            reason = v;
            return this;
        }

        public Builder eventId(String v) {
            eventId = v;
            return this;
        }

        public Builder appealId(String v) {
            appealId = v;
            return this;
        }

        public Builder outcomeId(String v) {
            outcomeId = v;
            return this;
        }

        public Builder weightsDigest(String v) {
            weightsDigest = v;
            return this;
        }

        public Builder labelsApplied(Long v) {
            labelsApplied = v;
            return this;
        }

        public Builder labelWeight(Double v) {
            labelWeight = v;
            return this;
        }

        public Builder latencyMs(Long v) {
            latencyMs = v;
            return this;
        }

        public Builder deadlineMs(Long v) {
            deadlineMs = v;
            return this;
        }

        public Builder threshold(Double v) {
            threshold = v;
            return this;
        }

        public Builder previousThreshold(Double v) {
            previousThreshold = v;
            return this;
        }

        public Builder statistic(Double v) {
            statistic = v;
            return this;
        }

        public Builder backlog(Long v) {
            backlog = v;
            return this;
        }

        public Builder expiryShare(Double v) {
            expiryShare = v;
            return this;
        }

        public Builder precisionAtMost(Double v) {
            precisionAtMost = v;
            return this;
        }

        public Builder verdict(String v) {
            verdict = v;
            return this;
        }

        public Builder decisionSource(DecisionSource v) {
            decisionSource = v;
            return this;
        }

        public Builder decidedAt(Long v) {
            decidedAt = v;
            return this;
        }

        public Builder controllerOffset(Double v) {
            controllerOffset = v;
            return this;
        }

        public Builder voteWeight(Double v) {
            voteWeight = v;
            return this;
        }

        private AuditEvent build() {
            return new AuditEvent(type, recordId, model, modelVersion, policyVersion, route, predicted, confidence,
                    decision, label, annotator, reason, eventId, appealId, outcomeId, weightsDigest, labelsApplied,
                    labelWeight, latencyMs, deadlineMs, threshold, previousThreshold, statistic, backlog, expiryShare,
                    precisionAtMost, verdict, decisionSource, decidedAt, controllerOffset, voteWeight, ts);
        }
    }
}
