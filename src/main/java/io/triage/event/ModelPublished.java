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
 * @param estimatedPrecision  estimated precision of automated decisions at the threshold
 * @param precisionLowerBound its lower confidence bound
 * @param evidence            effective number of verified outcomes behind the estimate
 * @param prequentialAccuracy decayed accuracy of the model on labeled examples before learning them
 * @param driftAlarms         drift alarms so far
 * @param provenance          short provenance summary (trainer, optimiser, objective, settings)
 * @param publishedAt         epoch ms
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
        long publishedAt) {}
