package io.triage.policy;

/**
 * One-sided lower confidence bound of a proportion from weighted outcomes: the Wilson score bound with
 * Kish's effective sample size n_eff = (Σw)² / Σw², so inverse-probability-weighted audit outcomes count
 * for what they are worth and not for their weight.
 */
public final class PrecisionBound {
    private PrecisionBound() {}

    /** Wilson lower bound for an observed proportion {@code p} over {@code n} (effective) trials, one-sided at z. */
    public static double wilsonLower(double p, double n, double z) {
        if (n <= 0) return 0.0;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0.0, (centre - spread) / (1 + z2 / n));
    }

    /** z such that P(Z ≤ z) = level (Acklam's rational approximation, |error| < 1.2e-9). */
    public static double normalQuantile(double level) {
        if (level <= 0 || level >= 1) throw new IllegalArgumentException("level must be in (0,1): " + level);
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00};
        double low = 0.02425;
        if (level < low) {
            double q = Math.sqrt(-2 * Math.log(level));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (level > 1 - low) return -normalQuantile(1 - level);
        double q = level - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
