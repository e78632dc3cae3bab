package io.triage.event;

/**
 * Entry of the {@code models} version log.
 *
 * @param model               model id
 * @param version             new version
 * @param parentVersion       version it was derived from
 * @param policyVersion       policy version published with it
 * @param labelsApplied       total labels applied
 * @param lastRecordId        record id of the label applied to make this version
 * @param lastLabel           that label
 * @param weightsDigest       SHA-256 of classes and weights
 * @param classes             classes
 * @param threshold           automation threshold
 * @param auditRate           audit rate
 * @param estimatedPrecision  inverse-probability-weighted precision of the serving version at the threshold
 * @param precisionLowerBound the precision its certificate certifies (target + margin; null: nothing certified)
 * @param evidence            verified outcomes behind the serving certificate
 * @param prequentialAccuracy decayed accuracy of the model on labeled examples before learning them
 * @param driftAlarms         drift alarms so far
 * @param provenance          short provenance summary (trainer, optimiser, objective, settings)
 * @param publishedAt         epoch ms
 * @param servingVersion      the version that serves after this label (frozen; the latest when none is)
 * @param challengerVersion   the frozen version being certified to replace it (0: none)
 * @param epoch               index of the serving certificate (its risk share is δ/(epoch(epoch+1)))
 * @param certifiedThreshold  the lowest threshold the serving certificate has certified (null: none)
 * @param controllerOffset    the error-budget controller's offset above it (threshold = certified + offset)
 * @param logEvidence         log e-value of the certificate's test at the certified threshold
 * @param riskLevel           the serving certificate's error probability
 * @param replacedLabel       for a relabel (the annotator corrected their answer), the class {@code lastLabel}
 *                            replaced; null when {@code lastLabel} was the record's first answer
 */
public record ModelPublished(
        String model,
        long version,
        long parentVersion,
        long policyVersion,
        long labelsApplied,
        String lastRecordId,
        String lastLabel,
        String weightsDigest,
        String[] classes,
        double threshold,
        double auditRate,
        double estimatedPrecision,
        double precisionLowerBound,
        double evidence,
        double prequentialAccuracy,
        long driftAlarms,
        String provenance,
        long publishedAt,
        long servingVersion,
        long challengerVersion,
        long epoch,
        double certifiedThreshold,
        double controllerOffset,
        double logEvidence,
        double riskLevel,
        String replacedLabel) {

    /** A version made by a record's first answer. */
    public ModelPublished(String model, long version, long parentVersion, long policyVersion, long labelsApplied,
                          String lastRecordId, String lastLabel, String weightsDigest, String[] classes, double threshold,
                          double auditRate, double estimatedPrecision, double precisionLowerBound, double evidence,
                          double prequentialAccuracy, long driftAlarms, String provenance, long publishedAt,
                          long servingVersion, long challengerVersion, long epoch, double certifiedThreshold,
                          double controllerOffset, double logEvidence, double riskLevel) {
        this(model, version, parentVersion, policyVersion, labelsApplied, lastRecordId, lastLabel, weightsDigest, classes,
                threshold, auditRate, estimatedPrecision, precisionLowerBound, evidence, prequentialAccuracy, driftAlarms,
                provenance, publishedAt, servingVersion, challengerVersion, epoch, certifiedThreshold, controllerOffset,
                logEvidence, riskLevel, null);
    }
}
