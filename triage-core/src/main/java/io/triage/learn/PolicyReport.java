package io.triage.learn;

/**
 * What the promise rests on at one version, for the {@code models} log and metrics.
 *
 * @param servingVersion       the version that serves (0: the latest model serves)
 * @param challengerVersion    the version being certified to replace it (0: none)
 * @param epoch                index of the serving certificate (its share of δ is δ/(epoch(epoch+1)))
 * @param certifiedThreshold   the lowest certified threshold of the serving version (NaN: none)
 * @param controllerOffset     the error-budget controller's offset above it
 * @param certifiedPrecision   the precision certified at that threshold (p0; NaN: none)
 * @param estimatedPrecision   inverse-probability-weighted precision at the operating threshold
 * @param logEvidence          log e-value of the certificate at the operating threshold
 * @param evidence             verified outcomes behind the serving certificate
 * @param riskLevel            error probability of the serving certificate
 */
public record PolicyReport(long servingVersion, long challengerVersion, long epoch, double certifiedThreshold,
                           double controllerOffset, double certifiedPrecision, double estimatedPrecision,
                           double logEvidence, double evidence, double riskLevel) {
    public static final PolicyReport NONE = new PolicyReport(0, 0, 0, Double.NaN, 0, Double.NaN, Double.NaN, 0, 0,
            Double.NaN);
}
