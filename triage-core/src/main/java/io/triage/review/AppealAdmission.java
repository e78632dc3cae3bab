package io.triage.review;

import io.triage.event.Appeal;
import io.triage.event.Decision;
import io.triage.spec.AppealSpec;

import java.io.Serializable;
import java.util.Optional;

/**
 * Whether an appeal may send a decided record back to human review, given what the job remembers of the record.
 * The rules are checked in the order below, so an appeal breaking several gets the first reason.
 */
public final class AppealAdmission implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Why an appeal was refused. {@link #code()} is what the audit trail carries. */
    public enum Rejection {
        /** The job takes no appeals (review.appeals.windowMs is 0). */
        APPEALS_OFF("appeals-off"),
        /** The same appeal (its id) was accepted before: a resend. */
        DUPLICATE_APPEAL("duplicate-appeal"),
        /** No decision is known for the record: never decided yet, unknown, or forgotten after the window. */
        NOT_DECIDED("not-decided"),
        /** The record's request expired abstaining: there is no decision to contest. */
        NOTHING_TO_CONTEST("nothing-to-contest"),
        /** Made after the appeal window of the decision closed. */
        WINDOW_CLOSED("appeal-window-closed"),
        /** An appeal of the record is under review. */
        APPEAL_PENDING("appeal-pending"),
        /** The record was appealed as often as the job allows. */
        TOO_MANY_APPEALS("too-many-appeals");

        private final String code;

        Rejection(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final AppealSpec spec;

    public AppealAdmission(AppealSpec spec) {
        this.spec = spec;
    }

    /**
     * @param a        the appeal
     * @param current  the record's current decision, or null if none is known
     * @param accepted appeals of the record accepted so far
     * @param open     whether one is under review
     * @param seen     whether this appeal's id was accepted before
     * @return why it is refused; empty: accepted
     */
    public Optional<Rejection> admit(Appeal a, Decision current, int accepted, boolean open, boolean seen) {
        if (!spec.enabled()) return Optional.of(Rejection.APPEALS_OFF);
        if (seen) return Optional.of(Rejection.DUPLICATE_APPEAL);
        if (current == null) return Optional.of(Rejection.NOT_DECIDED);
        if (current.decision() == null) return Optional.of(Rejection.NOTHING_TO_CONTEST);
        if (a.ts() > current.decidedAt() + spec.windowMs()) return Optional.of(Rejection.WINDOW_CLOSED);
        if (open) return Optional.of(Rejection.APPEAL_PENDING);
        if (accepted >= spec.maxPerRecord()) return Optional.of(Rejection.TOO_MANY_APPEALS);
        return Optional.empty();
    }
}
