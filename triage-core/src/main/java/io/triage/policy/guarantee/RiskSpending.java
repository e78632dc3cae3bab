package io.triage.policy.guarantee;

/**
 * How the risk level δ is shared among the certificates run over a stream's life. Every frozen model version
 * (challenger) and every restart after an alarm opens a new certificate; the j-th (j ≥ 1) may err with
 * probability δ / (j (j + 1)), and these sum to δ, so a union bound covers every certificate ever opened,
 * whichever of them ends up serving.
 */
public final class RiskSpending {
    private RiskSpending() {}

    /** The j-th certificate's level under a scope: shared over the life ({@link #level(double, long)}) or δ each. */
    public static double level(double delta, long epoch, io.triage.spec.RiskScope scope) {
        if (epoch < 1) throw new IllegalArgumentException("epochs count from 1: " + epoch);
        return scope == io.triage.spec.RiskScope.CERTIFICATE ? delta : level(delta, epoch);
    }

    public static double level(double delta, long epoch) {
        if (epoch < 1) throw new IllegalArgumentException("epochs count from 1: " + epoch);
        return delta / ((double) epoch * (epoch + 1));
    }
}
