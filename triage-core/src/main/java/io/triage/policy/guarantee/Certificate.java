package io.triage.policy.guarantee;

import io.triage.policy.Threshold;

/**
 * Certifies automation thresholds for one frozen model version: for every candidate threshold τ (and, with
 * per-class promises, every predicted class) a test of "the records with confidence ≥ τ are correct less often
 * than p0". A threshold is certified once its test rejects; the certified threshold is the lowest such.
 * <p>
 * <b>Paying for the choice: a fallback chain from the top.</b> Each candidate owns level/(candidates × scopes)
 * (Bonferroni), and a certified candidate passes what it was tested at on to the next lower one (the fallback
 * procedure, Wiens 2003; a shortcut of closed testing with weighted Bonferroni tests, valid under any dependence
 * among the tests): the k-th of a run of certified candidates counted from the top is tested at k times its own
 * share. With probability ≥ 1 − level no certified threshold of this certificate is wrong, simultaneously over
 * all candidates and all times — which makes taking the lowest, and looking after every label, free: each test
 * is an e-process, its running p-value 1/max wealth only falls, so the chain's decisions only grow and are
 * contained in what it decides on the final p-values. Pure fixed-sequence testing would give the whole level to
 * the top, but a top candidate that never sees data would then block every threshold; here it only keeps its
 * own share.
 * <p>
 * <b>Strata.</b> Records are verified with certainty where the serving version is unsure and with the audit
 * probability π where it automates. One bet sized for audit weights 1/π would waste the certain reviews, and
 * a bet that depends on which kind a record is would test a reweighted null. So the records are split into two
 * strata fixed for the certificate's life — stratum 1: the records on which a reference version (the one
 * serving when the certificate opened) is at least as confident as a cut (its threshold then); stratum 0: the
 * rest — and each test is an intersection-union test of two {@link BettingTest}s, one per stratum, each with a
 * bet sized for its own largest weight: if the selection's precision is below p0, one of the strata is (≥ 0
 * excess errors in stratum 0 or > 0 in stratum 1), so rejecting both is wrong with probability at most the
 * level, without a correction. With no reference (nothing automated when it opened) stratum 1 is empty and only
 * stratum 0 is tested.
 * <p>
 * Only outcomes the version was never trained on may enter (the caller feeds outcomes that arrived after the
 * version was frozen), and every outcome carries the inverse probability with which it was verified.
 */
public final class Certificate {


    private final long epoch;
    private final double p0;
    private final double level;
    private final double[] grid;
    private final int scopes;
    private final double cut;
    private final long openedAt;
    /** Stratum 0 tests, then stratum 1 tests, each scope-major over the grid. */
    private final BettingTest[] tests;
    private final double[] selected;
    private final double[] wrong;
    private final double[] total;
    private long outcomes;
    /** Whether the serving threshold went below the cut since this certificate opened (stratum 0 then holds audits). */
    private boolean belowCut;

    /**
     * @param epoch  which certificate of the stream this is (its share of δ, see {@link RiskSpending})
     * @param p0     precision to certify (the target plus its window margin)
     * @param level  error probability of this whole certificate
     * @param grid   candidate thresholds, ascending
     * @param scopes 1 (one promise over all classes) or the number of classes (one per predicted class)
     * @param cut    the reference version's confidence from which a record is in stratum 1 (> 1: stratum 1 is empty)
     * @param openedAt the first policy version under which routed records may enter
     */
    public Certificate(long epoch, double p0, double level, double[] grid, int scopes, double cut, long openedAt) {
        this.openedAt = openedAt;
        this.epoch = epoch;
        this.p0 = p0;
        this.level = level;
        this.grid = grid.clone();
        this.scopes = scopes;
        this.cut = cut;
        this.tests = new BettingTest[2 * scopes * grid.length];
        for (int i = 0; i < tests.length; i++) tests[i] = new BettingTest(p0);
        this.selected = new double[scopes * grid.length];
        this.wrong = new double[scopes * grid.length];
        this.total = new double[scopes];
    }

    public static Certificate restore(CertificateState s) {
        Certificate c = new Certificate(s.epoch(), s.p0(), s.level(), s.grid(), s.scopes(), s.cut(), s.openedAt());
        int bets = BettingTest.BETS.length;
        for (int i = 0; i < c.tests.length; i++) {
            double[] w = new double[bets];
            System.arraycopy(s.logWealth(), i * bets, w, 0, bets);
            c.tests[i] = BettingTest.restore(s.p0(), w, s.rejected()[i]);
        }
        System.arraycopy(s.selected(), 0, c.selected, 0, c.selected.length);
        System.arraycopy(s.wrong(), 0, c.wrong, 0, c.wrong.length);
        System.arraycopy(s.total(), 0, c.total, 0, c.total.length);
        c.outcomes = s.outcomes();
        c.belowCut = s.belowCut();
        return c;
    }

    public CertificateState state() {
        int bets = BettingTest.BETS.length;
        double[] lw = new double[tests.length * bets];
        boolean[] rej = new boolean[tests.length];
        for (int i = 0; i < tests.length; i++) {
            System.arraycopy(tests[i].logWealth(), 0, lw, i * bets, bets);
            rej[i] = tests[i].rejected();
        }
        return new CertificateState(epoch, p0, level, grid.clone(), scopes, cut, lw, rej, selected.clone(),
                wrong.clone(), total.clone(), outcomes, belowCut, openedAt);
    }

    /**
     * One verified outcome, as scored by this certificate's version.
     *
     * @param predictedClass      index of the version's predicted class (its scope with per-class promises)
     * @param confidence          the version's confidence
     * @param error               whether the version's prediction was wrong
     * @param weight              inverse probability that the record was verified
     * @param referenceConfidence the reference version's confidence on the record (its stratum)
     * @param maxWeight           the largest weight the routing policy in force could give a record of its stratum
     */
    public void observe(int predictedClass, double confidence, boolean error, double weight,
                        double referenceConfidence, double maxWeight) {
        outcomes++;
        int from = scopes == 1 ? 0 : predictedClass;
        if (from < 0 || from >= scopes) return;
        total[from] += weight;
        int stratum = stratum(referenceConfidence);
        double perTest = level / (scopes * grid.length);
        for (int j = 0; j < grid.length && grid[j] <= confidence; j++) {
            int i = from * grid.length + j;
            tests[stratum * scopes * grid.length + i].observe(error, weight, maxWeight, perTest);
            selected[i] += weight;
            if (error) wrong[i] += weight;
        }
        passDown(from, perTest);
    }

    /**
     * The fallback chain of one scope, from the highest candidate down: a candidate is tested at its own share
     * plus the level of the certified candidate just above it. Levels only grow as candidates are certified, so
     * re-running the chain after every outcome is the procedure applied to the running p-values.
     */
    private void passDown(int scope, double share) {
        double carried = 0;
        for (int j = grid.length - 1; j >= 0; j--) {
            int i = scope * grid.length + j;
            double at = share + carried;
            if (!certified(i) && logEvidence(i) >= -Math.log(at)) {
                tests[i].reject();
                if (!Threshold.off(cut)) tests[scopes * grid.length + i].reject();
            }
            carried = certified(i) ? at : 0;
        }
    }

    /**
     * The largest weight a record of a stratum can carry: stratum 0 is verified with certainty as long as the
     * serving threshold has stayed at or above the cut (and no audited record has turned up in it), otherwise,
     * like stratum 1, it may hold audits of weight 1/π.
     */
    public double maxWeight(int stratum, double minAuditRate) {
        return stratum == 0 && !belowCut ? 1.0 : 1.0 / minAuditRate;
    }

    /** The serving policy's operating threshold now: once below the cut, stratum 0 may hold audits. */
    public void servingThreshold(double threshold) {
        if (threshold < cut) belowCut = true;
    }

    /** An audited record turned up in stratum 0 (routed by an earlier policy): bets shrink from now on. */
    public void auditInStratumZero() {
        belowCut = true;
    }

    /**
     * Whether an outcome may enter: its record was routed under a policy version this certificate has seen open
     * (−1, unknown, is let in). Outcomes of records routed earlier — a review backlog — describe the stream
     * before the certificate and do not certify it.
     */
    public boolean admits(long routedUnderPolicy) {
        return routedUnderPolicy < 0 || routedUnderPolicy >= openedAt;
    }

    /** 1 when the reference version is at least as confident as the cut, else 0. */
    public int stratum(double referenceConfidence) {
        return !Threshold.off(cut) && referenceConfidence >= cut ? 1 : 0;
    }

    /** The cut of stratum 1 ({@link Threshold#off}: no stratum 1). */
    public double cut() {
        return cut;
    }

    /** Whether the candidate's test rejected in every stratum that can hold records. */
    private boolean certified(int i) {
        return tests[i].rejected() && (Threshold.off(cut) || tests[scopes * grid.length + i].rejected());
    }

    /** The lowest certified threshold of a scope, {@link Threshold#OFF} when none is. */
    public double threshold(int scope) {
        for (int j = 0; j < grid.length; j++) if (certified(scope * grid.length + j)) return grid[j];
        return Threshold.OFF;
    }

    /** Inverse-probability-weighted share of the scope's records (all records for one scope) at or above τ. */
    public double share(int scope, double threshold) {
        double all = 0;
        for (double t : total) all += t;
        if (all <= 0 || Threshold.off(threshold)) return 0;
        int j = index(threshold);
        return j < 0 ? 0 : selected[scope * grid.length + j] / all;
    }

    /** Share of all records the certified thresholds would automate. */
    public double certifiedShare() {
        double s = 0;
        for (int k = 0; k < scopes; k++) s += share(k, threshold(k));
        return s;
    }

    /** Inverse-probability-weighted precision of the records at or above τ (NaN without any). */
    public double precision(int scope, double threshold) {
        int j = index(threshold);
        if (j < 0) return Double.NaN;
        int i = scope * grid.length + j;
        return selected[i] <= 0 ? Double.NaN : 1 - wrong[i] / selected[i];
    }

    /** Log e-value of the test at τ: the weaker of its strata's (0 before any outcome). */
    public double logEvidence(int scope, double threshold) {
        int j = index(threshold);
        return j < 0 ? 0 : logEvidence(scope * grid.length + j);
    }

    /** The weaker of a candidate's strata's log e-values (an intersection-union test). */
    private double logEvidence(int i) {
        double e = tests[i].logEvidence();
        return Threshold.off(cut) ? e : Math.min(e, tests[scopes * grid.length + i].logEvidence());
    }

    /** The candidate equal to τ, or the highest below it (−1: none). */
    private int index(double threshold) {
        int best = -1;
        for (int j = 0; j < grid.length; j++) if (grid[j] <= threshold + 1e-12) best = j;
        return best;
    }

    public long epoch() {
        return epoch;
    }

    public double p0() {
        return p0;
    }

    public double level() {
        return level;
    }

    public int scopes() {
        return scopes;
    }

    public long outcomes() {
        return outcomes;
    }
}
