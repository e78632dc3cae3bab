package io.triage.review;

/**
 * Why a label was refused. {@link #code()} is what the audit trail and the metrics carry, so it stays the same
 * across builds; tools that read the trail match on it.
 */
public enum LabelRejection {
    /** The annotator is not on the job's list. */
    ANNOTATOR_NOT_ALLOWED("annotator-not-allowed"),
    /** The label names a model this job does not run. */
    UNKNOWN_MODEL("unknown-model"),
    /** The label names another model than the request it answers. */
    MODEL_MISMATCH("model-mismatch"),
    /** The class is not one of the model's. */
    UNKNOWN_CLASS("unknown-class"),
    /** The request was already answered with this class. */
    DUPLICATE("duplicate"),
    /**
     * The request was already decided by another annotator's label of another class. That decision was
     * published before this label was read; the disagreement is on the trail, counted, for whoever reviews
     * the reviewers.
     */
    CONFLICTING_LABEL("conflicting-label"),
    /**
     * Labels of different classes were in hand together when the request could first be answered: none of
     * them decides, the request waits for an annotator outside the dispute (or expires, abstaining).
     */
    DISPUTED("disputed"),
    /** The annotator is a party to the request's dispute: only someone else can settle it. */
    PARTY_TO_DISPUTE("party-to-dispute"),
    /** The annotator made the decision under appeal: someone else must review it. */
    PARTY_TO_APPEAL("party-to-appeal"),
    /** Given before the appeal it would answer was made (a resend of an earlier label, or a pre-sent one). */
    LABEL_BEFORE_APPEAL("label-before-appeal"),
    /** Given after the request's deadline: the request expired. */
    LATE_AFTER_EXPIRY("late-after-expiry"),
    /** Too many labels wait for a request that has not arrived. */
    TOO_MANY_ORPHAN_LABELS("too-many-orphan-labels"),
    /** No request for the record arrived while the label waited. */
    UNKNOWN_RECORD_ID("unknown-record-id");

    private final String code;

    LabelRejection(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
