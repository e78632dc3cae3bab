package io.triage.policy.guarantee;

/**
 * Watches the mix of predicted classes of the serving version over all verified outcomes, each weighted by its
 * inverse verification probability — an estimate of the mix over the whole stream that does not move when the
 * threshold moves (which changes who is reviewed, not who arrives). The first {@code reference} weighted
 * outcomes after a (re)start are the reference; a decayed recent mix is compared with it, and a total-variation
 * distance above {@code shift} (with enough effective outcomes on both sides) is a class-prior shift: the
 * evidence behind the promise describes another traffic mix.
 */
public final class ClassMixMonitor {
    private final double shift;
    private final double reference;
    private final double decay;
    private final double minEffective;
    private final double[] ref;
    private final double[] recent;
    private double refWeight;
    private double recentWeight;
    private double recentWeightSq;

    public ClassMixMonitor(int classes, double shift, double reference, double halfLife, double minEffective) {
        this(classes, shift, reference, halfLife, minEffective, null);
    }

    private ClassMixMonitor(int classes, double shift, double reference, double halfLife, double minEffective,
                            MixState s) {
        this.shift = shift;
        this.reference = reference;
        this.decay = Math.pow(0.5, 1 / halfLife);
        this.minEffective = minEffective;
        this.ref = new double[classes];
        this.recent = new double[classes];
        if (s != null && s.reference().length == classes) {
            System.arraycopy(s.reference(), 0, ref, 0, classes);
            System.arraycopy(s.recent(), 0, recent, 0, classes);
            refWeight = s.referenceWeight();
            recentWeight = s.recentWeight();
            recentWeightSq = s.recentWeightSq();
        }
    }

    /** Checkpointed mix: weighted class counts of the reference and of the decayed recent outcomes. */
    public record MixState(double[] reference, double referenceWeight, double[] recent, double recentWeight,
                           double recentWeightSq) {}

    public static ClassMixMonitor restore(int classes, double shift, double reference, double halfLife,
                                          double minEffective, MixState s) {
        return new ClassMixMonitor(classes, shift, reference, halfLife, minEffective, s);
    }

    public MixState state() {
        return new MixState(ref.clone(), refWeight, recent.clone(), recentWeight, recentWeightSq);
    }

    /** One outcome with the serving version's predicted class; true when the mix has shifted (then it restarts). */
    public boolean observe(int predictedClass, double weight) {
        if (predictedClass < 0 || predictedClass >= ref.length) return false;
        if (refWeight < reference) {
            ref[predictedClass] += weight;
            refWeight += weight;
            return false;
        }
        for (int k = 0; k < recent.length; k++) recent[k] *= decay;
        recentWeight *= decay;
        recentWeightSq *= decay * decay;
        recent[predictedClass] += weight;
        recentWeight += weight;
        recentWeightSq += weight * weight;
        if (recentWeight * recentWeight / recentWeightSq < minEffective || distance() <= shift) return false;
        restart();
        return true;
    }

    /** Total-variation distance between the recent and the reference mix. */
    public double distance() {
        if (refWeight <= 0 || recentWeight <= 0) return 0;
        double d = 0;
        for (int k = 0; k < ref.length; k++) d += Math.abs(ref[k] / refWeight - recent[k] / recentWeight);
        return d / 2;
    }

    public void restart() {
        java.util.Arrays.fill(ref, 0);
        java.util.Arrays.fill(recent, 0);
        refWeight = recentWeight = recentWeightSq = 0;
    }
}
