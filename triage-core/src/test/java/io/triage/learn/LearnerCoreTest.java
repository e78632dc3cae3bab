package io.triage.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import io.triage.spec.DriftSpec;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Drives a LearnerCore the way the job does: route on the current snapshot, label what goes to humans. */
class LearnerCoreTest {
    private static final double TARGET = 0.9;

    static ModelSpec spec() {
        Map<String, FieldType> features = new LinkedHashMap<>();
        features.put("x1", FieldType.NUMERIC);
        features.put("x2", FieldType.NUMERIC);
        PolicySpec policy = PolicySpec.builder().targetPrecision(TARGET).confidenceLevel(0.95).auditRate(0.1)
                .minEvidence(50.0).evidenceHalfLife(1000.0).bins(20).maxThresholdStep(0.05).build();
        return new ModelSpec("m", List.of("neg", "pos"), features, LearningSpec.hashBits(4).withSeed(7L),
                policy, DriftSpec.defaults());
    }

    /** Separable problem: pos iff x1 + 2·x2 > 0.5; {@code flipped} swaps the concept. */
    static final class Stream {
        private final SplittableRandom rnd;
        boolean flipped;
        int n;

        Stream(long seed) {
            rnd = new SplittableRandom(seed);
        }

        Item next() {
            double x1 = rnd.nextGaussian() * 3 + 5; // raw scale differs from the scaled one
            double x2 = rnd.nextGaussian();
            boolean pos = (x1 - 5) / 3 + 2 * x2 > 0.5;
            return new Item("rec-" + n++, new int[] {0, 1}, new double[] {x1, x2}, pos != flipped ? "pos" : "neg");
        }
    }

    record Item(String id, int[] idx, double[] val, String label) {}

    /** One step of the loop; returns the routing and the learning outcome (null for AUTO: nobody labels it). */
    record Step(Routing routing, ModelSnapshot before, LearningOutcome outcome, Item item) {}

    static Step step(LearnerCore core, Item it, long now) {
        ModelSnapshot s = core.snapshot(now);
        Routing r = Router.route("m", it.id(), it.idx(), it.val(), s);
        if (r.route() == Route.AUTO) return new Step(r, s, null, it);
        LabeledExample ex = new LabeledExample(it.id(), "m", it.label(), "sim", it.idx(), it.val(), r.predicted(),
                r.confidence(), r.route(), r.labelWeight(), s.version(), now, now);
        return new Step(r, s, core.learn(ex, now), it);
    }

    @Test
    void learnsAutomatesAndKeepsThePromisedPrecision() {
        LearnerCore core = new LearnerCore(spec(), new FeatureSpace(spec()));
        assertTrue(core.snapshot(0).threshold() > 1, "automation is off before any evidence");
        assertFalse(core.snapshot(0).automating());
        Stream stream = new Stream(1);
        long version = 0;
        int firstAutomation = -1, autoLate = 0, autoLateCorrect = 0, total = 6000;
        for (int i = 0; i < total; i++) {
            Step st = step(core, stream.next(), i);
            if (st.outcome() != null) {
                version++;
                assertEquals(version, st.outcome().published().version(), "one version per label");
                assertTrue(st.outcome().snapshot().version() <= version, "a frozen version (or the latest) serves");
                assertEquals(version - 1, st.outcome().published().parentVersion());
                assertEquals(version, st.outcome().published().labelsApplied());
                assertTrue(st.outcome().events().stream().anyMatch(e -> e.type() == AuditType.MODEL_PUBLISHED));
            } else if (i >= total / 2) {
                autoLate++;
                if (st.routing().predicted().equals(st.item().label())) autoLateCorrect++;
            }
            if (firstAutomation < 0 && core.threshold() <= 1) firstAutomation = i;
        }
        assertTrue(firstAutomation > 0, "automation never started");
        assertTrue(core.threshold() <= 1);
        assertEquals(version, core.version());
        assertTrue(autoLate > total / 4, "too little automation: " + autoLate);
        double precision = (double) autoLateCorrect / autoLate;
        assertTrue(precision >= TARGET - 0.02, "realized precision " + precision);
    }

    @Test
    void aRelabelIsANewVersionButNotASecondOutcome() {
        LearnerCore core = new LearnerCore(spec(), new FeatureSpace(spec()));
        Stream stream = new Stream(1);
        for (int i = 0; i < 6000 && core.threshold() > 1; i++) step(core, stream.next(), i);
        assertTrue(core.threshold() <= 1, "automation never started");
        // an automated-region record whose first answer agreed with the serving version
        Item it;
        Routing r;
        do {
            it = stream.next();
            r = Router.route("m", it.id(), it.idx(), it.val(), core.snapshot(0));
        } while (r.confidence() < core.threshold() + 0.01);
        LabeledExample first = new LabeledExample(it.id(), "m", r.predicted(), "sim", it.idx(), it.val(), r.predicted(),
                r.confidence(), Route.AUDIT, 1.0, core.snapshot(0).version(), 0, 0);
        core.learn(first, 0);
        PolicyReport before = core.policy().report();
        long version = core.version();
        String digest = core.weightsDigest();
        String other = r.predicted().equals("pos") ? "neg" : "pos";

        LearningOutcome o = core.learn(first.withLabel(other).correcting(r.predicted()), 0);
        assertEquals(version + 1, o.published().version(), "a relabel is a version of its own");
        assertEquals(r.predicted(), o.published().replacedLabel());
        assertEquals(other, o.published().lastLabel());
        assertFalse(digest.equals(core.weightsDigest()), "the model learned the corrected class");
        PolicyReport after = core.policy().report();
        assertEquals(before.evidence(), after.evidence(), "not a second outcome of the certificate");
        assertEquals(before.logEvidence(), after.logEvidence());
        assertTrue(after.controllerOffset() > before.controllerOffset(),
                "a right answer corrected to wrong counts against the threshold, as a known error");

        // corrected back: right again, and nothing is taken back
        core.learn(first.correcting(other), 0);
        assertEquals(after.controllerOffset(), core.policy().report().controllerOffset());
        assertEquals(before.evidence(), core.policy().report().evidence());
    }

    @Test
    void thresholdChangesAreAuditedWithNewPolicyVersion() {
        LearnerCore core = new LearnerCore(spec(), new FeatureSpace(spec()));
        Stream stream = new Stream(2);
        boolean sawChange = false;
        for (int i = 0; i < 3000; i++) {
            Step st = step(core, stream.next(), i);
            if (st.outcome() == null) continue;
            for (AuditEvent e : st.outcome().events()) {
                if (e.type() == AuditType.THRESHOLD_CHANGED) {
                    sawChange = true;
                    assertEquals(st.outcome().snapshot().policyVersion(), e.policyVersion());
                    assertTrue(st.outcome().snapshot().policyVersion() > st.before().policyVersion());
                    assertEquals(st.outcome().snapshot().threshold() > 1 ? Double.NaN
                            : st.outcome().snapshot().threshold(), e.threshold());
                }
            }
        }
        assertTrue(sawChange);
    }

    @Test
    void restoredStateContinuesIdentically() {
        ModelSpec spec = spec();
        LearnerCore a = new LearnerCore(spec, new FeatureSpace(spec));
        Stream stream = new Stream(3);
        for (int i = 0; i < 1500; i++) step(a, stream.next(), i);
        LearnerCore b = LearnerCore.restore(spec, new FeatureSpace(spec), a.state(), a.serving(), a.challenger());
        assertEquals(a.snapshot(0).weights().digest(), b.snapshot(0).weights().digest());
        assertEquals(a.weightsDigest(), b.weightsDigest());
        assertEquals(a.threshold(), b.threshold());
        int labels = 0;
        for (int i = 1500; i < 2500; i++) {
            Item it = stream.next();
            Step sa = step(a, it, i);
            Step sb = step(b, it, i);
            assertEquals(sa.routing().route(), sb.routing().route());
            assertEquals(sa.routing().confidence(), sb.routing().confidence());
            if (sa.outcome() == null) continue;
            labels++;
            ModelSnapshot x = sa.outcome().snapshot(), y = sb.outcome().snapshot();
            assertEquals(x.version(), y.version());
            assertEquals(x.policyVersion(), y.policyVersion());
            assertEquals(x.weights().digest(), y.weights().digest());
            assertEquals(sa.outcome().published().weightsDigest(), sb.outcome().published().weightsDigest());
            assertEquals(x.threshold(), y.threshold());
            assertEquals(x.auditRate(), y.auditRate());
            assertEquals(sa.outcome().published().prequentialAccuracy(), sb.outcome().published().prequentialAccuracy());
            assertEquals(sa.outcome().published().precisionLowerBound(), sb.outcome().published().precisionLowerBound());
            assertEquals(sa.outcome().events(), sb.outcome().events());
        }
        assertTrue(labels > 50);
    }

    @Test
    void conceptFlipRaisesAnAlarmTightensAndAutomationReturns() {
        ModelSpec spec = spec();
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        Stream stream = new Stream(4);
        int t = 0;
        for (; t < 4000; t++) step(core, stream.next(), t);
        assertTrue(core.threshold() <= 1, "automating before the flip");
        double thresholdBefore = core.threshold();
        double auditBefore = core.auditRate();
        assertEquals(0.1, auditBefore, 0.01);

        stream.flipped = true;
        List<AuditEvent> drift = new ArrayList<>();
        double maxAudit = auditBefore, maxThreshold = thresholdBefore;
        int alarmAt = -1;
        for (int k = 0; k < 1500 && (alarmAt < 0 || k < alarmAt + 300); k++, t++) {
            Step st = step(core, stream.next(), t);
            if (st.outcome() == null) continue;
            st.outcome().events().stream().filter(e -> e.type() == AuditType.DRIFT_DETECTED).forEach(drift::add);
            if (!drift.isEmpty() && alarmAt < 0) alarmAt = k;
            maxAudit = Math.max(maxAudit, core.auditRate());
            maxThreshold = Math.max(maxThreshold, core.threshold());
        }
        assertFalse(drift.isEmpty(), "no DRIFT_DETECTED after the concept flip");
        AuditEvent alarm = drift.get(0);
        assertEquals("m", alarm.model());
        assertTrue(alarm.reason() != null && !alarm.reason().isBlank());
        assertTrue(maxAudit > auditBefore * 2, "audit rate not raised: " + maxAudit);
        assertTrue(maxThreshold > thresholdBefore, "neither automation off nor threshold raised");

        // learning the new concept brings automation back
        int autoLate = 0, autoCorrect = 0;
        for (int k = 0; k < 8000; k++, t++) {
            Step st = step(core, stream.next(), t);
            if (k >= 6000 && st.outcome() == null) {
                autoLate++;
                if (st.routing().predicted().equals(st.item().label())) autoCorrect++;
            }
        }
        assertTrue(core.threshold() <= 1, "automation did not come back");
        assertTrue(autoLate > 500, "too little automation after recovery: " + autoLate);
        assertTrue((double) autoCorrect / autoLate >= TARGET - 0.02, "precision after recovery "
                + (double) autoCorrect / autoLate);
    }

    /**
     * No version inherits another's evidence: the serving version's certificate holds only outcomes that arrived
     * after it was frozen (so it never trained on them), and a fresh challenger starts with none.
     */
    @Test
    void aCertificateNeverTransfersToAnotherVersion() {
        ModelSpec spec = spec();
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        Stream stream = new Stream(5);
        long lastServing = 0;
        int promotions = 0;
        for (int i = 0; i < 6000; i++) {
            Step st = step(core, stream.next(), i);
            if (st.outcome() == null) continue;
            var pub = st.outcome().published();
            if (core.serving() != null) {
                long frozenAt = core.serving().version();
                assertEquals(frozenAt, pub.servingVersion());
                assertEquals(frozenAt, st.outcome().snapshot().version(), "the frozen version is what the Scorers get");
                assertTrue(pub.evidence() <= pub.labelsApplied() - frozenAt,
                        "evidence " + pub.evidence() + " but only " + (pub.labelsApplied() - frozenAt) + " labels since v" + frozenAt);
                if (frozenAt != lastServing) {
                    promotions++;
                    lastServing = frozenAt;
                    assertTrue(st.outcome().delta() == null, "a promotion broadcasts the whole version");
                }
            }
            if (core.challenger() != null && core.challenger().version() == pub.version()) {
                assertEquals(0, core.policy().state().challenger().outcomes(), "a new challenger starts empty");
            }
        }
        assertTrue(promotions >= 1, "never promoted");
    }

    /**
     * Liveness: after an alarm restarts the serving certificate, nothing is automated, every record goes to
     * review (weight 1) and that evidence alone brings automation back — it never waits for audits that only
     * automation would produce.
     */
    @Test
    void automationComesBackAfterAnAlarmFromReviewsAlone() {
        ModelSpec spec = spec();
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        Stream stream = new Stream(6);
        int t = 0;
        for (; t < 4000; t++) step(core, stream.next(), t);
        assertTrue(core.threshold() <= 1, "automating before the alarm");
        // wrong audits of what the serving version automates, until the error detector alarms
        long serving = core.serving().version();
        boolean alarmed = false;
        for (int k = 0; k < 500 && !alarmed; k++, t++) {
            Item it = stream.next();
            String wrong = it.label().equals("pos") ? "neg" : "pos";
            LabeledExample ex = new LabeledExample(it.id(), "m", wrong, "sim", it.idx(), it.val(), it.label(), 0.99,
                    Route.AUDIT, 1 / core.auditRate(), serving, t, t);
            alarmed = core.learn(ex, t).events().stream().anyMatch(e -> e.type() == AuditType.DRIFT_DETECTED);
        }
        assertTrue(alarmed, "wrong audits raised no alarm");
        assertTrue(core.threshold() > 1, "an alarm stops automation until the evidence is rebuilt");
        int back = -1;
        for (int k = 0; k < 3000 && back < 0; k++, t++) {
            step(core, stream.next(), t);
            if (core.threshold() <= 1) back = k;
        }
        assertTrue(back >= 0 && back < 1500, "automation back after " + back + " records");
    }

    /**
     * Liveness without an alarm: one wrong audit under a high certified threshold lifts the operating threshold
     * above every confidence, so nothing is automated and no audit comes. The records the offset holds back are
     * reviewed, and those outcomes bring the offset down: automation resumes on the same certificate, without a
     * restart (which would throw the certificate away and wait for a new one).
     */
    @Test
    void heldBackReviewsBringAutomationBackAfterOneWrongAudit() {
        PolicySpec policy = spec().policy().toBuilder().controllerGain(0.5).build();
        ModelSpec spec = new ModelSpec("m", spec().classes(), spec().features(), spec().learning(), policy,
                DriftSpec.defaults());
        LearnerCore core = new LearnerCore(spec, new FeatureSpace(spec));
        Stream stream = new Stream(6);
        int t = 0;
        for (; t < 4000; t++) step(core, stream.next(), t);
        assertTrue(core.threshold() <= 1, "automating before the wrong audit");
        long epoch = core.policy().report().epoch();
        long serving = core.serving().version();
        Item it = stream.next();
        String wrong = it.label().equals("pos") ? "neg" : "pos";
        LearningOutcome o = core.learn(new LabeledExample(it.id(), "m", wrong, "sim", it.idx(), it.val(), it.label(),
                0.999, Route.AUDIT, 1 / core.auditRate(), serving, t, t), t++);
        assertTrue(o.events().stream().noneMatch(e -> e.type() == AuditType.DRIFT_DETECTED), "one error is no alarm");
        assertTrue(core.threshold() > 1, "one wrong audit with gain 0.5 lifts the threshold above every confidence");
        int back = -1;
        for (int k = 0; k < 2000 && back < 0; k++, t++) {
            step(core, stream.next(), t);
            if (core.threshold() <= 1) back = k;
        }
        assertTrue(back >= 0 && back < 600, "automation back after " + back + " records");
        assertEquals(serving, core.serving().version(), "the same version serves");
        assertEquals(epoch, core.policy().report().epoch(), "on the same certificate: no restart");
    }

    /**
     * An automated decision shown wrong after the fact raises the serving version's threshold (a policy-only
     * update, no new model version, the certificate untouched), one of another version changes nothing, and
     * known errors can only ever raise it: they are not a random sample.
     */
    @Test
    void knownErrorsOfTheServingVersionRaiseItsThresholdAndNeverLowerIt() {
        LearnerCore core = new LearnerCore(spec(), new FeatureSpace(spec()));
        Stream stream = new Stream(3);
        for (int i = 0; i < 6000 && core.threshold() > 1; i++) step(core, stream.next(), i);
        assertTrue(core.threshold() <= 1, "automating");
        long serving = core.serving().version();
        long version = core.version();
        PolicyReport before = core.policy().report();
        double t0 = core.threshold();
        io.triage.event.KnownError other = new io.triage.event.KnownError("m", "r-0", serving - 1, "pos", 0.999, "neg",
                "outcome", 10);
        assertEquals(null, core.knownError(other, 10), "another version's error says nothing about this one");
        double t = t0;
        long policy = core.snapshot(10).policyVersion();
        for (int k = 0; k < 40; k++) {
            LearningOutcome o = core.knownError(new io.triage.event.KnownError("m", "r-" + k, serving, "pos", 0.9999,
                    "neg", k % 2 == 0 ? "appeal" : "outcome", 10 + k), 10 + k);
            assertTrue(o != null && o.published() == null, "no new version");
            assertTrue(o.events().stream().anyMatch(e -> e.type() == AuditType.KNOWN_ERROR));
            assertTrue(core.threshold() >= t, "only ever up: " + core.threshold() + " after " + t);
            if (core.threshold() > t) {
                assertTrue(o.delta() != null && o.delta().threshold() == core.threshold(), "the Scorers get the policy");
                assertTrue(o.delta().policyVersion() > policy);
                policy = o.delta().policyVersion();
            }
            t = core.threshold();
        }
        assertTrue(t > t0, "forty known errors raised the threshold: " + t0 + " → " + t);
        assertEquals(version, core.version(), "the model did not learn from them");
        PolicyReport after = core.policy().report();
        assertEquals(before.certifiedThreshold(), after.certifiedThreshold(), "the certificate is the audits'");
        assertEquals(before.evidence(), after.evidence());
        assertTrue(after.controllerOffset() > before.controllerOffset());
    }
}
