package io.triage.review;

import io.triage.event.Decision;
import io.triage.event.Outcome;
import io.triage.spec.OutcomeSpec;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Whether an observed outcome can be joined to a record's decision, given what the job remembers of the record.
 * The rules are checked in the order below, so an outcome breaking several gets the first reason. A record's
 * truth is observed once: a second observation is not counted again (and one that disagrees with the first is
 * refused, for a person to sort out where it came from).
 */
public final class OutcomeAdmission implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Why an outcome was refused. {@link #code()} is what the audit trail carries. */
    public enum Rejection {
        /** The job joins no outcomes (review.outcomes.retentionMs is 0). */
        OUTCOMES_OFF("outcomes-off"),
        /** The same outcome (its id) was joined before: a resend. */
        DUPLICATE_OUTCOME("duplicate-outcome"),
        /** Not one of the model's classes. */
        UNKNOWN_CLASS("unknown-class"),
        /** No decision is known for the record: never decided, unknown, or forgotten after the retention. */
        NOT_DECIDED("not-decided"),
        /** Observed later after the decision than the retention allows. */
        AFTER_RETENTION("after-retention"),
        /** Another outcome of the record, of the same class, was joined: counted once. */
        REPEATED_OUTCOME("repeated-outcome"),
        /** Another outcome of the record, of another class, was joined first. */
        CONFLICTING_OUTCOME("conflicting-outcome");

        private final String code;

        Rejection(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final OutcomeSpec spec;

    public OutcomeAdmission(OutcomeSpec spec) {
        this.spec = spec;
    }

    /**
     * @param o        the outcome
     * @param first    the record's first decision (the one the promise is about), or null if none is known
     * @param classes  the model's classes (empty: any)
     * @param joined   the class of the outcome already joined for the record, or null
     * @param seen     whether this outcome's id was joined before
     * @return why it is refused; empty: join it
     */
    public Optional<Rejection> admit(Outcome o, Decision first, List<String> classes, String joined, boolean seen) {
        if (!spec.enabled()) return Optional.of(Rejection.OUTCOMES_OFF);
        if (seen) return Optional.of(Rejection.DUPLICATE_OUTCOME);
        if (!classes.isEmpty() && !classes.contains(o.label())) return Optional.of(Rejection.UNKNOWN_CLASS);
        if (first == null) return Optional.of(Rejection.NOT_DECIDED);
        if (o.observedAt() > first.decidedAt() + spec.retentionMs()) return Optional.of(Rejection.AFTER_RETENTION);
        if (joined != null) {
            return Optional.of(joined.equals(o.label()) ? Rejection.REPEATED_OUTCOME : Rejection.CONFLICTING_OUTCOME);
        }
        return Optional.empty();
    }
}
