package io.triage.policy.guarantee;

/**
 * Which threshold policy a guarantee-mode model runs. The job always runs {@link #FULL}; the others exist so
 * the learning benchmark can put them side by side on the same stream.
 */
public enum PolicyVariant {
    /** Anytime-valid certificate of the serving version, error-budget controller, e-detector (the job's policy). */
    FULL,
    /** The certificate alone (no controller). */
    CERTIFICATE,
    /** The error-budget controller alone, on the latest model (no certificate, no frozen version). */
    CONTROLLER,
    /** A fixed threshold certified once on a warm-up set (selective classification with guaranteed risk). */
    SGR,
    /** The earlier rule: lowest bin whose Wilson bound over decayed pooled evidence reaches the target. */
    LEGACY;

    public static PolicyVariant parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
