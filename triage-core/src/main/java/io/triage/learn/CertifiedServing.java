package io.triage.learn;

import io.triage.event.LabeledExample;
import io.triage.event.Route;
import io.triage.model.FrozenVersion;
import io.triage.policy.AuditShare;
import io.triage.policy.Threshold;
import io.triage.policy.guarantee.CalibrationDetector;
import io.triage.policy.guarantee.Certificate;
import io.triage.policy.guarantee.CandidateGrid;
import io.triage.policy.guarantee.ClassMixMonitor;
import io.triage.policy.guarantee.ErrorBudgetController;
import io.triage.policy.guarantee.ErrorDetector;
import io.triage.policy.guarantee.RiskSpending;
import io.triage.spec.PolicySpec;

import java.util.Arrays;
import java.util.List;

/**
 * Guarantee mode: a frozen version serves; only outcomes it was never trained on certify its thresholds.
 * <ul>
 *   <li>The learning model keeps learning from every label. Every so often a frozen copy of it becomes the
 *   <em>challenger</em>; outcomes arriving after that are outcomes it never saw, and certify it in a
 *   {@link Certificate} of its own. When its certified thresholds would automate more than the serving
 *   version's, it is promoted and serves with the certificate it earned — no version inherits evidence
 *   gathered by another. A challenger that does not win within {@code challengeEvery} outcomes is replaced by
 *   a fresh copy.</li>
 *   <li>Every certificate opened (challenger or restart) takes its own share δ/(j(j+1)) of the risk level, so
 *   one union bound covers all of them and whichever wins.</li>
 *   <li>{@link io.triage.policy.guarantee.PolicyVariant#FULL} adds the {@link ErrorBudgetController} above the
 *   certified threshold (fast, valid for any sequence), the {@link ErrorDetector} on audits of what the
 *   serving version automates, and the {@link ClassMixMonitor}; an alarm of either restarts the serving
 *   certificate (automation stops until new evidence certifies again — from reviews of every record, since
 *   nothing is automated meanwhile) and freezes a new challenger from the adapted model.</li>
 * </ul>
 */
public final class CertifiedServing implements ThresholdPolicy {
    /** Mean audits between false alarms of the error detector. */
    static final double DETECTOR_ARL = 1000;
    /** Mean verified outcomes between false alarms of the calibration detector. */
    static final double CALIBRATION_ARL = 2000;
    /** Over-confidence the calibration detector lets pass (it looks for abrupt changes, not for a lean). */
    static final double CALIBRATION_TOLERANCE = 0.05;
    static final double MIX_SHIFT = 0.2;
    static final double MIX_REFERENCE = 300;
    static final double MIX_HALF_LIFE = 300;
    static final double MIX_MIN_EFFECTIVE = 100;
    /** How much more of the stream a challenger must certify than the serving version automates, to take over. */
    static final double PROMOTION_MARGIN = 0.02;
    /** Share of its certified automation below which the controller's correction counts as an alarm. */
    static final double EXHAUSTED = 0.5;
    /** Net wrong audits the controller's offset must stand for before its correction counts as an alarm. */
    static final double EXHAUSTED_STEPS = 3;

    private final boolean withController;
    private final PolicySpec p;
    private final double delta;
    private final boolean perClass;
    private long epochs;
    private FrozenVersion serving;
    private Certificate servingCert;
    /** Per scope, what the serving version had certified as a challenger (kept: it was earned on unseen outcomes). */
    private double[] inherited = new double[0];
    private FrozenVersion challenger;
    private Certificate challengerCert;
    private long challengerLabels;
    /** Challengers in a row that did not win: each gets twice the outcomes of the last (up to 16×). */
    private long failedChallengers;
    /**
     * On the outcomes the challenger has seen: the weighted mass the serving version automated, and all of it — so
     * the two versions' shares are compared on the same records, not on two noisy estimates of different ones.
     */
    private double servingSelected;
    private double challengeTotal;
    private ErrorBudgetController controller;
    private final ErrorDetector detector;
    private final CalibrationDetector calibration;
    private ClassMixMonitor mix;
    private boolean servingChanged;
    /** A certificate opened this step: the learner starts a new policy version, from which it admits outcomes. */
    private boolean opened;
    private long nextPolicyVersion;
    private boolean retireChallenger;

    public CertifiedServing(PolicySpec p, boolean withController) {
        this(p, withController, null, null, null);
    }

    private CertifiedServing(PolicySpec p, boolean withController, PolicyState s, FrozenVersion serving,
                             FrozenVersion challenger) {
        this.p = p;
        this.withController = withController;
        this.delta = 1 - p.confidenceLevel();
        this.perClass = p.perClassThresholds();
        boolean fresh = s == null || s.serving() == null && s.challenger() == null && s.epochs() == 0;
        this.detector = ErrorDetector.restore(p.targetPrecision(), 1 / DETECTOR_ARL, fresh ? null : s.detector());
        this.calibration = CalibrationDetector.restore(1 / CALIBRATION_ARL, CALIBRATION_TOLERANCE,
                fresh ? null : s.calibration());
        if (fresh) return;
        this.epochs = s.epochs();
        if (serving != null && s.serving() != null && serving.version() == s.servingVersion()) {
            this.serving = serving;
            this.servingCert = Certificate.restore(s.serving());
            this.inherited = s.inherited().clone();
            this.controller = ErrorBudgetController.restore(p.targetPrecision(), p.margin(), p.controllerGain(),
                    p.auditRate(), Double.POSITIVE_INFINITY, s.controller());
            this.mix = ClassMixMonitor.restore(serving.numClasses(), MIX_SHIFT, MIX_REFERENCE, MIX_HALF_LIFE,
                    MIX_MIN_EFFECTIVE, s.mix());
        }
        if (challenger != null && s.challenger() != null && challenger.version() == s.challengerVersion()) {
            this.challenger = challenger;
            this.challengerCert = Certificate.restore(s.challenger());
            this.challengerLabels = s.challengerLabels();
            this.failedChallengers = s.failedChallengers();
            this.servingSelected = s.servingSelected();
            this.challengeTotal = s.challengeTotal();
        }
    }

    public static CertifiedServing restore(PolicySpec p, boolean withController, PolicyState s, FrozenVersion serving,
                                           FrozenVersion challenger) {
        return new CertifiedServing(p, withController, s, serving, challenger);
    }

    @Override
    public void observe(LabeledExample ex, PolicyContext ctx, List<Alarm> alarms) {
        nextPolicyVersion = ctx.policyVersion() + 1;
        double w = ex.labelWeight();
        FrozenVersion.Prediction s = serving == null ? null : serving.predict(ex.indices(), ex.values());
        if (serving != null) {
            boolean wrong = s.wrong(ex.label());
            int scope = perClass ? s.index() : 0;
            // the controller steps against the threshold in force before this outcome certifies anything new
            if (withController) controller.observe(scope, s.confidence(), wrong, w, certified(scope));
            boolean fresh = servingCert.admits(ex.policyVersion());
            // alarms protect what is automated: a serving version that automates nothing has nothing to stop,
            // and its challenger must be left to certify
            boolean automating = threshold() <= 1;
            feed(servingCert, s, s.confidence(), ex);
            if (withController && automating) {
                boolean routedHere = ex.modelVersion() == serving.version();
                if (routedHere && ex.reason() == Route.AUDIT
                        && detector.observe(wrong, AuditShare.uniformShare(w, p.auditRate()))) {
                    alarms.add(new Alarm("audit-error-e-detector", Math.log(3 * DETECTOR_ARL)));
                    restartServing();
                } else if (fresh && calibration.observe(wrong, s.confidence())) {
                    alarms.add(new Alarm("calibration-e-detector", Math.log(3 * CALIBRATION_ARL)));
                    restartServing();
                } else if (mix.observe(s.index(), w)) {
                    alarms.add(new Alarm("class-mix", MIX_SHIFT));
                    restartServing();
                } else if (controllerExhausted()) {
                    alarms.add(new Alarm("controller-exhausted", controller.offset(scope)));
                    restartServing();
                }
            }
        }
        if (challenger != null) {
            FrozenVersion.Prediction h = challenger.predict(ex.indices(), ex.values());
            long before = challengerCert.outcomes();
            feed(challengerCert, h, s == null ? 0 : s.confidence(), ex);
            if (challengerCert.outcomes() > before) {
                challengerLabels++;
                challengeTotal += w;
                if (s != null && s.confidence() >= operatingFor(s.index())) servingSelected += w;
            }
        }
    }

    /** One outcome into a certificate: the version's prediction, the record's stratum by the serving version. */
    private void feed(Certificate c, FrozenVersion.Prediction v, double servingConfidence, LabeledExample ex) {
        if (!c.admits(ex.policyVersion())) return;
        int stratum = c.stratum(servingConfidence);
        if (stratum == 0 && ex.labelWeight() > 1) c.auditInStratumZero();
        double wMax = Math.max(ex.labelWeight(), c.maxWeight(stratum, p.auditRate()));
        c.observe(v.index(), v.confidence(), v.wrong(ex.label()), ex.labelWeight(), servingConfidence, wMax);
    }

    @Override
    public void afterLearning(PolicyContext ctx) {
        nextPolicyVersion = ctx.policyVersion() + 1;
        challenge(ctx);
        track();
    }

    /**
     * The controller has taken away at least half of what the certificate allows, on the evidence of more than
     * one error (an offset of {@link #EXHAUSTED_STEPS} wrong audits): what the serving version is sure about is
     * no longer right often enough (a drift its confidence does not see). Stop automating it; with nothing
     * automated every record is reviewed and a fresh challenger certifies on those at full speed. One wrong audit
     * under a high certified threshold can lift it above every confidence; the held-back reviews then bring it
     * back (see {@link ErrorBudgetController}), which a restart would throw away with the certificate.
     */
    private boolean controllerExhausted() {
        if (!withController || serving == null || servingCert.outcomes() < p.minEvidence()) return false;
        double certifiedShare = 0, operatingShare = 0, offset = 0;
        for (int k = 0; k < servingCert.scopes(); k++) {
            certifiedShare += servingCert.share(k, certified(k));
            operatingShare += servingCert.share(k, operating(k));
            offset = Math.max(offset, controller.offset(k));
        }
        return certifiedShare > 0 && operatingShare < EXHAUSTED * certifiedShare
                && offset >= EXHAUSTED_STEPS * p.controllerGain();
    }

    /**
     * A known error of the serving version steps its controller as one wrong reviewed record above the certified
     * threshold would (weight 1), and never a known right one: the step is one-sided, so the controller's bound —
     * the weighted errors it was fed above the base exceed α′ times the weighted records by at most the offset's
     * rise over γ — still holds with the extra errors in it, and the threshold can only rise on them. If every
     * error of the automated decisions became known this way, the error budget would be spent at most twice as
     * fast: conservative, never invalid. An error of another version says nothing about this one's threshold.
     */
    @Override
    public boolean knownError(long modelVersion, String predicted, double confidence) {
        if (!withController || serving == null || modelVersion != serving.version()) return false;
        int scope = 0;
        if (perClass) {
            scope = java.util.Arrays.asList(serving.weights().classes()).indexOf(predicted);
            if (scope < 0) return false;
        }
        double base = certified(scope);
        // nothing certified (after an alarm), or below it: there is no automation for the error to count against
        if (Threshold.off(base) || confidence < base) return false;
        controller.observe(scope, confidence, true, 1.0, base);
        return true;
    }

    /**
     * A correction that turns a record the serving version got right into one it got wrong steps the controller as
     * one more wrong outcome of the record's weight, as a known error does (one-sided, so the controller's bound
     * holds with it and the threshold can only rise); the reverse, a right answer where the first said wrong, is
     * not taken back: the evidence stays as conservative as the first answers made it.
     */
    @Override
    public void relabeled(LabeledExample ex, PolicyContext ctx) {
        if (!withController || serving == null || ex.corrects() == null) return;
        FrozenVersion.Prediction s = serving.predict(ex.indices(), ex.values());
        if (!s.wrong(ex.label()) || s.wrong(ex.corrects())) return;
        int scope = perClass ? s.index() : 0;
        double base = certified(scope);
        if (Threshold.off(base) || s.confidence() < base) return; // outside what it automates
        controller.observe(scope, s.confidence(), true, ex.labelWeight(), base);
    }

    /** Promotes the challenger when its certificate would automate more, or replaces it when its time is up. */
    private void challenge(PolicyContext ctx) {
        if (challenger != null && !retireChallenger) {
            boolean seen = challengerLabels >= p.minEvidence();
            double gain = challengerCert.certifiedShare();
            if (seen && gain > servingShare() + PROMOTION_MARGIN) {
                promote();
                return;
            }
            if (challengerLabels < patience()) return;
            failedChallengers++;
        }
        retireChallenger = false;
        if (ctx.classes() < 2 || ctx.version() < p.minEvidence()) return;
        challenger = ctx.latest().get();
        // stratum 1: the records the serving version automates now
        challengerCert = newCertificate(challenger, threshold());
        challengerLabels = 0;
        servingSelected = challengeTotal = 0;
    }

    /**
     * Outcomes a challenger gets before a fresh copy replaces it. A thin margin over the target needs thousands
     * of outcomes to certify; doubling after each loss gives it them, and keeps the number of certificates (each
     * with a smaller share of δ) logarithmic in the stream's length.
     */
    private long patience() {
        return p.challengeEvery() * (1L << Math.min(4, failedChallengers));
    }

    /**
     * Share of the records the serving version automates at its operating thresholds, on the outcomes the
     * challenger has seen: a serving version the controller has pushed off automates nothing, and any certified
     * challenger beats it.
     */
    private double servingShare() {
        return serving == null || challengeTotal <= 0 ? 0 : servingSelected / challengeTotal;
    }

    /** Tells the certificates where the serving threshold now is (after this step's changes). */
    private void track() {
        double t = threshold();
        if (servingCert != null) servingCert.servingThreshold(t);
        if (challengerCert != null) challengerCert.servingThreshold(t);
    }

    /** The operating threshold that applies to a record the serving version predicts as class {@code k}. */
    private double operatingFor(int k) {
        return perClass ? (k < servingCert.scopes() ? operating(k) : Threshold.OFF) : operating(0);
    }

    @Override
    public void onModelDrift(PolicyContext ctx) {
        retireChallenger = true; // the model is adapting: certify a fresh copy of it
    }

    private void promote() {
        failedChallengers = 0;
        serving = challenger;
        int scopes = challengerCert.scopes();
        inherited = new double[scopes];
        for (int k = 0; k < scopes; k++) inherited[k] = challengerCert.threshold(k);
        // what it certified as a challenger stands; what it learns serving goes into a certificate of its own,
        // stratified by its own threshold
        double cut = Threshold.OFF;
        for (double t : inherited) cut = Math.min(cut, t);
        servingCert = newCertificate(serving, cut);
        controller = new ErrorBudgetController(p.targetPrecision(), p.margin(), p.controllerGain(), p.auditRate(),
                Double.POSITIVE_INFINITY, servingCert.scopes());
        detector.reset();
        calibration.reset();
        mix = new ClassMixMonitor(serving.numClasses(), MIX_SHIFT, MIX_REFERENCE, MIX_HALF_LIFE, MIX_MIN_EFFECTIVE);
        challenger = null;
        challengerCert = null;
        challengerLabels = 0;
        servingChanged = true;
    }

    /** An alarm: the serving version's evidence describes another stream; it must certify again from scratch. */
    private void restartServing() {
        servingCert = newCertificate(serving, Threshold.OFF);
        java.util.Arrays.fill(inherited, Threshold.OFF);
        controller.reset();
        detector.reset();
        calibration.reset();
        mix.restart();
        retireChallenger = true;
    }

    private Certificate newCertificate(FrozenVersion v, double cut) {
        epochs++;
        opened = true;
        int scopes = perClass ? v.numClasses() : 1;
        return new Certificate(epochs, Math.min(0.999999, p.targetPrecision() + p.margin()),
                RiskSpending.level(delta, epochs, p.riskScope()), CandidateGrid.forClasses(v.numClasses()), scopes, cut,
                nextPolicyVersion);
    }

    /** The serving version's certified threshold of a scope: inherited as a challenger, or certified since. */
    private double certified(int scope) {
        double own = servingCert.threshold(scope);
        return scope < inherited.length ? Math.min(own, inherited[scope]) : own;
    }

    @Override
    public double threshold() {
        if (serving == null) return Threshold.OFF;
        if (!perClass) return operating(0);
        double t = Threshold.OFF;
        for (int k = 0; k < servingCert.scopes(); k++) t = Math.min(t, operating(k));
        return t;
    }

    private double operating(int scope) {
        double base = certified(scope);
        return withController ? controller.apply(scope, base) : base;
    }

    @Override
    public double[] classThresholds() {
        if (!perClass || serving == null) return new double[0];
        double[] t = new double[servingCert.scopes()];
        for (int k = 0; k < t.length; k++) t[k] = operating(k);
        return t;
    }

    @Override
    public FrozenVersion serving() {
        return serving;
    }

    @Override
    public FrozenVersion challenger() {
        return challenger;
    }

    @Override
    public boolean takeServingChanged() {
        boolean c = servingChanged;
        servingChanged = false;
        return c;
    }

    @Override
    public boolean takeOpened() {
        boolean o = opened;
        opened = false;
        return o;
    }

    @Override
    public PolicyReport report() {
        if (serving == null) {
            return new PolicyReport(0, challenger == null ? 0 : challenger.version(), epochs, Double.NaN, 0, Double.NaN,
                    Double.NaN, 0, 0, Double.NaN);
        }
        double cert = certified(0);
        double op = operating(0);
        boolean on = cert <= 1;
        return new PolicyReport(serving.version(), challenger == null ? 0 : challenger.version(), servingCert.epoch(),
                on ? cert : Double.NaN, withController ? controller.offset(0) : 0, on ? servingCert.p0() : Double.NaN,
                on ? servingCert.precision(0, op) : Double.NaN, on ? servingCert.logEvidence(0, cert) : 0,
                servingCert.outcomes(), servingCert.level());
    }

    @Override
    public PolicyState state() {
        return new PolicyState(withController ? "full" : "certificate", epochs,
                serving == null ? 0 : serving.version(), challenger == null ? 0 : challenger.version(),
                servingCert == null ? null : servingCert.state(), challengerCert == null ? null : challengerCert.state(),
                controller == null ? new double[0] : controller.state(), detector.statistics(),
                mix == null ? null : mix.state(), challengerLabels, Double.NaN, new double[0], inherited.clone(),
                calibration.statistics(), failedChallengers, servingSelected, challengeTotal);
    }

    @Override
    public String toString() {
        return "CertifiedServing[serving=" + (serving == null ? "-" : serving.version()) + " threshold="
                + threshold() + " classes=" + Arrays.toString(classThresholds()) + "]";
    }
}
