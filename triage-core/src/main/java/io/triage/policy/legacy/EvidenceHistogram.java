package io.triage.policy.legacy;

import io.triage.policy.AuditMonitorState;
import io.triage.policy.EvidenceState;

import io.triage.policy.PrecisionBound;

/**
 * Verified outcomes of routing-time predictions, binned by confidence, exponentially decayed so that the
 * estimate follows the current model and world (a decayed window). Each outcome carries its inverse
 * probability of having been reviewed, so the histogram estimates the precision of every record above a
 * threshold, automated ones included, without bias.
 */
public final class EvidenceHistogram {
    private final double[] w;
    private final double[] wc;
    private final double[] w2;

    public EvidenceHistogram(int bins) {
        this(new double[bins], new double[bins], new double[bins]);
    }

    private EvidenceHistogram(double[] w, double[] wc, double[] w2) {
        this.w = w;
        this.wc = wc;
        this.w2 = w2;
    }

    public static EvidenceHistogram restore(EvidenceState s) {
        return new EvidenceHistogram(s.weight().clone(), s.correct().clone(), s.weightSq().clone());
    }

    public EvidenceState state() {
        return new EvidenceState(w.clone(), wc.clone(), w2.clone());
    }

    public int bins() {
        return w.length;
    }

    /** Bin of a confidence in [0, 1]. */
    public int bin(double confidence) {
        int b = (int) Math.floor(confidence * w.length);
        return Math.max(0, Math.min(w.length - 1, b));
    }

    /** Lower edge of a bin: the threshold that admits it. */
    public double edge(int bin) {
        return (double) bin / w.length;
    }

    public void add(double confidence, boolean correct, double weight) {
        int b = bin(confidence);
        w[b] += weight;
        if (correct) wc[b] += weight;
        w2[b] += weight * weight;
    }

    /** Whether a bin holds any (decayed) verified outcome. */
    public boolean hasEvidence(int bin) {
        return w[bin] > 1e-9;
    }

    /** Multiplies all evidence by {@code f} (decay per outcome, or forgetting on a drift alarm). */
    public void scale(double f) {
        for (int i = 0; i < w.length; i++) {
            w[i] *= f;
            wc[i] *= f;
            w2[i] *= f * f;
        }
    }

    /** Estimate over all outcomes with confidence in bins ≥ {@code fromBin}. */
    public Estimate above(int fromBin, double z) {
        double sw = 0, swc = 0, sw2 = 0;
        for (int i = fromBin; i < w.length; i++) {
            sw += w[i];
            swc += wc[i];
            sw2 += w2[i];
        }
        return Estimate.of(sw, swc, sw2, z);
    }

    /** Precision estimate, its lower bound and the effective number of outcomes behind it. */
    public record Estimate(double precision, double lowerBound, double effectiveN) {
        static Estimate of(double sw, double swc, double sw2, double z) {
            if (sw <= 0 || sw2 <= 0) return new Estimate(Double.NaN, 0.0, 0.0);
            double p = Math.min(1.0, swc / sw);
            double n = sw * sw / sw2;
            return new Estimate(p, PrecisionBound.wilsonLower(p, n, z), n);
        }
    }
}
