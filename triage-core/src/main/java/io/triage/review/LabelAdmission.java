package io.triage.review;

import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Whether a human label may answer a review request, given what is known about the request's record. A valid
 * label that is alone in hand decides; a later one is a duplicate or a conflict, one given after the deadline is
 * late, and one whose request has not arrived yet waits (up to {@link #MAX_ORPHANS_PER_RECORD}). Labels in hand
 * together that {@link #disagree} decide nothing: the request goes to an annotator outside the dispute, never to
 * whichever label came first. The rules are checked in the order below, so a label breaking several gets the
 * first reason.
 */
public final class LabelAdmission implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Labels that may wait for one record's request: whoever can write labels cannot grow a key's state at will. */
    public static final int MAX_ORPHANS_PER_RECORD = 8;

    public enum Action {
        /** The label answers the request. */
        JOIN,
        /** No request yet: keep the label until it comes or the wait ends. */
        WAIT,
        /** Refuse the label for {@link Verdict#reason()}. */
        REJECT,
        /** The label was given after the deadline: the request expires now, and the label is refused as late. */
        EXPIRE_THEN_REJECT,
        /**
         * The request expired, but the label was given before its deadline and read only after (the job was cut
         * off from the broker): the label answers it, and its decision supersedes the expiry's.
         */
        JOIN_AFTER_EXPIRY
    }

    /** @param reason why, for REJECT and EXPIRE_THEN_REJECT; null otherwise */
    public record Verdict(Action action, LabelRejection reason) {
        public static final Verdict JOIN = new Verdict(Action.JOIN, null);
        public static final Verdict WAIT = new Verdict(Action.WAIT, null);

        public static Verdict reject(LabelRejection reason) {
            return new Verdict(Action.REJECT, Objects.requireNonNull(reason));
        }
    }

    /**
     * How the record's request was resolved: by a label ({@code label}) or by expiry.
     *
     * @param deadline for an expiry, the deadline of the request that expired (a label given by then was on
     *                 time); {@link Long#MIN_VALUE} when unknown
     */
    public record Resolved(boolean expired, String label, long deadline) {
        public Resolved(boolean expired, String label) {
            this(expired, label, Long.MIN_VALUE);
        }
    }

    private final Set<String> annotators;
    private final Map<String, Set<String>> classes = new HashMap<>();

    public LabelAdmission(JobSpec spec) {
        this.annotators = new HashSet<>(spec.review().annotators());
        for (ModelSpec m : spec.models()) classes.put(m.id(), new HashSet<>(m.classes()));
    }

    /**
     * @param l              the label
     * @param request        the record's pending request, or null if none has arrived (or it is resolved)
     * @param resolved       how the request was resolved, or null if it is not
     * @param orphansWaiting labels already waiting for this record's request (asked only when none has arrived)
     */
    public Verdict admit(Label l, ReviewRequest request, Resolved resolved, IntSupplier orphansWaiting) {
        return admit(l, request, resolved, orphansWaiting, Set.of());
    }

    /**
     * As {@link #admit(Label, ReviewRequest, Resolved, IntSupplier)} for a request whose labels disagreed.
     *
     * @param disputedBy the annotators party to the request's dispute (empty when there is none)
     */
    public Verdict admit(Label l, ReviewRequest request, Resolved resolved, IntSupplier orphansWaiting,
                         Set<String> disputedBy) {
        if (!annotators.isEmpty() && !annotators.contains(l.annotator())) {
            return Verdict.reject(LabelRejection.ANNOTATOR_NOT_ALLOWED);
        }
        if (l.model() != null && !classes.containsKey(l.model())) return Verdict.reject(LabelRejection.UNKNOWN_MODEL);
        if (resolved != null) {
            if (resolved.expired()) {
                return l.ts() <= resolved.deadline() ? new Verdict(Action.JOIN_AFTER_EXPIRY, null)
                        : Verdict.reject(LabelRejection.LATE_AFTER_EXPIRY);
            }
            return Verdict.reject(Objects.equals(resolved.label(), l.label())
                    ? LabelRejection.DUPLICATE : LabelRejection.CONFLICTING_LABEL);
        }
        if (request == null) {
            if (l.model() != null && !knownClass(l.model(), l.label())) return Verdict.reject(LabelRejection.UNKNOWN_CLASS);
            if (orphansWaiting.getAsInt() >= MAX_ORPHANS_PER_RECORD) {
                return Verdict.reject(LabelRejection.TOO_MANY_ORPHAN_LABELS);
            }
            return Verdict.WAIT;
        }
        // given after the deadline: the request has expired, whenever the job gets to read either
        if (l.ts() > request.deadline()) return new Verdict(Action.EXPIRE_THEN_REJECT, LabelRejection.LATE_AFTER_EXPIRY);
        if (l.model() != null && !l.model().equals(request.model())) return Verdict.reject(LabelRejection.MODEL_MISMATCH);
        if (!knownClass(request.model(), l.label())) return Verdict.reject(LabelRejection.UNKNOWN_CLASS);
        if (disputedBy.contains(l.annotator())) return Verdict.reject(LabelRejection.PARTY_TO_DISPUTE);
        return Verdict.JOIN;
    }

    /**
     * Whether a label may answer an appeal review: the rules of any label, and in addition it must be given by
     * someone other than the annotator of the contested decision, after the appeal was made.
     *
     * @param graceMs how much earlier than the appeal a label may say it was given (clocks differ a little)
     */
    public Verdict admitAppealAnswer(Label l, ReviewRequest appeal, long graceMs) {
        Verdict v = admit(l, appeal, null, () -> 0);
        if (v.action() != Action.JOIN) return v;
        if (appeal.appeal() != null && l.annotator().equals(appeal.appeal().annotator())) {
            return Verdict.reject(LabelRejection.PARTY_TO_APPEAL);
        }
        if (l.ts() < appeal.requestedAt() - graceMs) return Verdict.reject(LabelRejection.LABEL_BEFORE_APPEAL);
        return Verdict.JOIN;
    }

    /**
     * Whether {@code l} corrects {@code previous}, the same annotator's earlier answer to {@code request}: another
     * class, another label event, given after it and within {@code windowMs} of it (by the labels' own times, as
     * deadlines are judged). Null when it is not a correction (then the usual rules refuse it as a duplicate or a
     * conflict); otherwise JOIN, or REJECT for what would refuse any answer to the request (annotator, model, class).
     * The review deadline does not apply: it bounds the wait for a first answer, and the record is decided.
     */
    public Verdict admitCorrection(Label l, ReviewRequest request, Label previous, long windowMs) {
        if (previous == null || request == null || windowMs <= 0) return null;
        if (!previous.annotator().equals(l.annotator()) || previous.label().equals(l.label())) return null;
        if (Objects.equals(previous.eventId(), l.eventId())) return null; // one event, two contents: a conflict
        if (l.ts() < previous.ts() || l.ts() - previous.ts() > windowMs) return null;
        if (!annotators.isEmpty() && !annotators.contains(l.annotator())) {
            return Verdict.reject(LabelRejection.ANNOTATOR_NOT_ALLOWED);
        }
        if (l.model() != null && !l.model().equals(request.model())) return Verdict.reject(LabelRejection.MODEL_MISMATCH);
        if (!knownClass(request.model(), l.label())) return Verdict.reject(LabelRejection.UNKNOWN_CLASS);
        return Verdict.JOIN;
    }

    /**
     * Whether labels that could each answer the same request, in hand together, name more than one class (one
     * annotator who changed their mind included): then none of them decides.
     */
    public static boolean disagree(List<Label> admissible) {
        return admissible.stream().map(Label::label).distinct().count() > 1;
    }

    /** A model declared without classes takes any class (it learns them as they come). */
    private boolean knownClass(String model, String label) {
        Set<String> allowed = classes.get(model);
        return allowed == null || allowed.isEmpty() || allowed.contains(label);
    }
}
