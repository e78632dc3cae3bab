package io.triage.spec;

/**
 * What the risk level δ = 1 − confidenceLevel of guarantee mode covers.
 */
public enum RiskScope {
    /**
     * Every certificate the job ever opens, together: the j-th gets δ/(j(j+1)), so with probability ≥ 1 − δ no
     * certificate in the job's life is wrong. The strongest statement; each new certificate needs more evidence.
     */
    LIFETIME,
    /**
     * Each certificate on its own: each is wrong with probability ≤ δ, so over a long life the expected share of
     * wrong certificates is at most δ (each still aims p* + margin, under the controller and the detectors). The
     * statement that matches a per-window promise; evidence needed stays the same for every certificate.
     */
    CERTIFICATE;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static RiskScope parse(String s) {
        return RiskScope.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
