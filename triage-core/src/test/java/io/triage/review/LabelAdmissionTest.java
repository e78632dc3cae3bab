package io.triage.review;

import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.review.LabelAdmission.Action;
import io.triage.review.LabelAdmission.Resolved;
import io.triage.review.LabelAdmission.Verdict;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The admission rules one by one, and their order when a label breaks several. */
class LabelAdmissionTest {
    private static final JobSpec SPEC = SpecLoader.parse("""
            name: admission
            models:
              - id: fraud
                classes: [fraud, legit]
                features: {amount: numeric}
              - id: open
                features: {amount: numeric}
            review:
              annotators: [alice, bob]
            """);
    private static final long DEADLINE = 10_000;
    private static final IntSupplier NONE_WAITING = () -> 0;
    private final LabelAdmission admission = new LabelAdmission(SPEC);

    private static ReviewRequest request(String model) {
        return new ReviewRequest("r1", model, 42L, "{\"amount\":10.0}", new int[] {0}, new double[] {10.0}, "legit",
                new String[] {"fraud", "legit"}, new double[] {0.3, 0.7}, 0.7, Route.REVIEW, 0.6, DEADLINE, 5, 2,
                1.0, 1_000, null);
    }

    private static Label label(String model, String cls, String annotator, long ts) {
        return new Label("r1", model, cls, annotator, ts, "ev");
    }

    private Verdict admit(Label l, ReviewRequest r, Resolved done) {
        return admission.admit(l, r, done, NONE_WAITING);
    }

    private static void assertRejected(LabelRejection reason, Verdict v) {
        assertEquals(Action.REJECT, v.action());
        assertEquals(reason, v.reason());
    }

    @Test
    void aValidLabelJoinsItsRequest() {
        Verdict v = admit(label("fraud", "fraud", "alice", 5_000), request("fraud"), null);
        assertEquals(Action.JOIN, v.action());
        assertNull(v.reason());
        // a label without a model takes its request's
        assertEquals(Action.JOIN, admit(label(null, "legit", "bob", 5_000), request("fraud"), null).action());
    }

    @Test
    void refusesStrangersUnknownModelsAndClasses() {
        assertRejected(LabelRejection.ANNOTATOR_NOT_ALLOWED, admit(label("fraud", "fraud", "mallory", 0), request("fraud"), null));
        assertRejected(LabelRejection.UNKNOWN_MODEL, admit(label("spam", "fraud", "alice", 0), request("fraud"), null));
        assertRejected(LabelRejection.UNKNOWN_CLASS, admit(label("fraud", "maybe", "alice", 0), request("fraud"), null));
        assertRejected(LabelRejection.MODEL_MISMATCH, admit(label("open", "fraud", "alice", 0), request("fraud"), null));
        // a model declared without classes takes any
        assertEquals(Action.JOIN, admit(label("open", "anything", "alice", 0), request("open"), null).action());
    }

    @Test
    void aPartyToADisputeCannotSettleItAndAnyoneElseCan() {
        java.util.Set<String> parties = java.util.Set.of("alice", "bob");
        assertRejected(LabelRejection.PARTY_TO_DISPUTE,
                admission.admit(label("fraud", "fraud", "bob", 5_000), request("fraud"), null, NONE_WAITING, parties));
        LabelAdmission open = new LabelAdmission(SpecLoader.parse("""
                name: open-team
                models: [{id: fraud, classes: [fraud, legit], features: {amount: numeric}}]
                """));
        assertEquals(Action.JOIN, open.admit(label("fraud", "legit", "carol", 5_000), request("fraud"), null,
                NONE_WAITING, parties).action());
        // the other rules come first: a late adjudication is late
        assertEquals(Action.EXPIRE_THEN_REJECT, open.admit(label("fraud", "legit", "carol", DEADLINE + 1),
                request("fraud"), null, NONE_WAITING, parties).action());
    }

    @Test
    void labelsInHandTogetherDisagreeWhenTheyNameTwoClasses() {
        assertEquals(false, LabelAdmission.disagree(java.util.List.of()));
        assertEquals(false, LabelAdmission.disagree(java.util.List.of(label("fraud", "fraud", "alice", 0))));
        assertEquals(false, LabelAdmission.disagree(java.util.List.of(label("fraud", "fraud", "alice", 0),
                label("fraud", "fraud", "bob", 0))));
        assertEquals(true, LabelAdmission.disagree(java.util.List.of(label("fraud", "fraud", "alice", 0),
                label("fraud", "legit", "bob", 0))));
        // one reviewer who changed their mind disagrees with themselves: a further reviewer decides too
        assertEquals(true, LabelAdmission.disagree(java.util.List.of(label("fraud", "fraud", "alice", 0),
                label("fraud", "legit", "alice", 1))));
    }

    @Test
    void theFirstAnswerStands() {
        Resolved labeled = new Resolved(false, "fraud");
        assertRejected(LabelRejection.DUPLICATE, admit(label("fraud", "fraud", "bob", 0), null, labeled));
        assertRejected(LabelRejection.CONFLICTING_LABEL, admit(label("fraud", "legit", "bob", 0), null, labeled));
        assertRejected(LabelRejection.LATE_AFTER_EXPIRY, admit(label("fraud", "legit", "bob", 0), null, new Resolved(true, null)));
    }

    @Test
    void aLabelGivenAfterTheDeadlineExpiresTheRequest() {
        Verdict late = admit(label("fraud", "fraud", "alice", DEADLINE + 1), request("fraud"), null);
        assertEquals(Action.EXPIRE_THEN_REJECT, late.action());
        assertEquals(LabelRejection.LATE_AFTER_EXPIRY, late.reason());
        // at the deadline itself it is on time
        assertEquals(Action.JOIN, admit(label("fraud", "fraud", "alice", DEADLINE), request("fraud"), null).action());
    }

    @Test
    void aLabelBeforeItsRequestWaitsUpToTheLimit() {
        assertEquals(Action.WAIT, admit(label("fraud", "fraud", "alice", 0), null, null).action());
        int max = LabelAdmission.MAX_ORPHANS_PER_RECORD;
        assertEquals(Action.WAIT, admission.admit(label("fraud", "fraud", "alice", 0), null, null, () -> max - 1).action());
        assertRejected(LabelRejection.TOO_MANY_ORPHAN_LABELS,
                admission.admit(label("fraud", "fraud", "alice", 0), null, null, () -> max));
        // an unknown class is refused at once, not after the wait
        assertRejected(LabelRejection.UNKNOWN_CLASS, admit(label("fraud", "maybe", "alice", 0), null, null));
    }

    @Test
    void theFirstBrokenRuleNamesTheRejection() {
        // a stranger's conflicting label is refused for who sent it, before what it says
        assertRejected(LabelRejection.ANNOTATOR_NOT_ALLOWED,
                admit(label("fraud", "legit", "mallory", 0), null, new Resolved(false, "fraud")));
        // an unknown model before anything about the request
        assertRejected(LabelRejection.UNKNOWN_MODEL, admit(label("spam", "x", "alice", DEADLINE + 1), request("fraud"), null));
        // the waiting labels are only counted when the label would wait
        IntSupplier mustNotCount = () -> {
            throw new AssertionError("counted the waiting labels although the request is there");
        };
        assertEquals(Action.JOIN, admission.admit(label("fraud", "fraud", "alice", 0), request("fraud"), null, mustNotCount).action());
    }

    @Test
    void codesAreTheAuditTrailsStrings() {
        assertEquals("late-after-expiry", LabelRejection.LATE_AFTER_EXPIRY.code());
        assertEquals("unknown-record-id", LabelRejection.UNKNOWN_RECORD_ID.code());
        assertEquals("too-many-orphan-labels", LabelRejection.TOO_MANY_ORPHAN_LABELS.code());
    }
}
