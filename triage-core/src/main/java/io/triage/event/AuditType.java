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
    /** An appeal accepted: the record goes to appeal review (appealId, decision = the contested one, deadlineMs). */
    APPEAL_RECEIVED,
    /** An appeal refused (reason = its code, appealId). */
    APPEAL_REJECTED,
    /** The appeal reviewer kept the decision. */
    APPEAL_UPHELD,
    /** The appeal reviewer changed the decision: an amended decision follows on {@code decisions}. */
    APPEAL_OVERTURNED,
    /** Nobody answered the appeal by its deadline: the decision stands, unreviewed (counted; alert on it). */
    APPEAL_EXPIRED,
    /**
     * Late ground truth joined to a record's first decision (decision, decisionSource and decidedAt of the judged
     * decision; label = the truth, annotator = the outcome's source; verdict = correct|wrong|abstained; ts = when
     * the truth was observed).
     */
    OUTCOME_JOINED,
    /** An outcome refused (reason = its code, outcomeId). */
    OUTCOME_REJECTED,
    /** Known errors among a window's automated decisions prove its precision below the target (alert on it). */
    OUTCOMES_CONTRADICT,
    /**
     * An automated decision shown wrong after the fact reached the Learner (route AUTO, predicted = the decision and
     * its confidence, label = the truth; model version = the learning model's version it came after, policy
     * version = the one in force after it; reason = appeal|outcome when the serving version's controller took it,
     * with controllerOffset = the offset after it, else why not).
     */
    KNOWN_ERROR,
    /**
     * One annotator's label of a request that needed several ({@code review.consensus}), written when the request
     * is resolved, just before its LABELED or EXPIRED event: label and annotator = the vote, decision = the class
     * the labels decided (null without consensus), reason = majority | outvoted | no-consensus.
     */
    CONSENSUS_VOTE,
    /**
     * An annotator changed their own answer within the correction window ({@code review.correctionWindowMs}): label
     * and annotator = the new answer, eventId = its label's, decision = the record's decision after it (null while
     * a consensus request is still open), reason = amended (an amended decision follows on {@code decisions} and the
     * Learner relabels) | vote-replaced (an open consensus request's vote) | decision-stands (the other votes keep
     * the decision).
     */
    LABEL_CORRECTED
}
