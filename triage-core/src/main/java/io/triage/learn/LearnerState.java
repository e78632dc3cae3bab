package io.triage.learn;

import io.triage.drift.DetectorSnapshot;
import io.triage.drift.DetectorState;
import io.triage.feature.ScalerState;
import io.triage.model.ModelState;
import io.triage.policy.AuditMonitorState;
import io.triage.policy.EvidenceState;

import java.util.Arrays;

/**
 * Everything the Learner of one model checkpoints, as records of primitive arrays (compact, no Kryo,
 * POJO schema evolution possible).
 *
 * @param model               model id
 * @param version             current model version
 * @param policyVersion       current policy version
 * @param labelsApplied       labels applied so far
 * @param weights             model weights and optimiser accumulators
 * @param scaler              running feature scaling
 * @param evidence            verified outcomes by confidence
 * @param classEvidence       verified outcomes by confidence per predicted class (per-class thresholds)
 * @param detectors           the drift detectors in the positional layout of builds up to learner-v4 (empty in this
 *                            build's state; converted by {@link #detectorStates()})
 * @param auditDetector       a drift detector of builds up to learner-v4 (null in this build's state, never read)
 * @param threshold           automation threshold
 * @param classThresholds     per-class thresholds (empty when off)
 * @param auditRate           current audit rate
 * @param prequentialAccuracy decayed accuracy of the model on labels before learning them
 * @param driftAlarms         drift alarms so far
 * @param auditMonitor        recent audited outcomes, watched against the target precision
 * @param sinceTightened      labels since the threshold last tightened (loosening hysteresis)
 * @param weightChunk         0: {@code weights} holds every cell (the layout of builds before chunking, restored
 *                            by schema evolution with this field 0); otherwise the cells live in chunks of this
 *                            size in the Learner's chunk state and {@code weights} has empty arrays
 * @param policy              the threshold policy's state (null in state of builds before it: it starts afresh);
 *                            {@code evidence}, {@code classEvidence}, {@code auditMonitor} and
 *                            {@code sinceTightened} belonged to the earlier policy and stay empty, kept in the
 *                            layout so that older state restores; {@code threshold} and {@code classThresholds}
 *                            repeat what the policy decided, for readers of the state
 * @param driftDetectors      drift detectors on the model's calibration residuals, in the spec's order (null in state
 *                            of builds up to learner-v4, which kept them in {@code detectors})
 */
public record LearnerState(
        String model,
        long version,
        long policyVersion,
        long labelsApplied,
        ModelState weights,
        ScalerState scaler,
        EvidenceState evidence,
        EvidenceState[] classEvidence,
        DetectorState[] detectors,
        DetectorState auditDetector,
        double threshold,
        double[] classThresholds,
        double auditRate,
        double prequentialAccuracy,
        long driftAlarms,
        AuditMonitorState auditMonitor,
        long sinceTightened,
        int weightChunk,
        PolicyState policy,
        StoredDetector[] driftDetectors) {

    /** This state with every cell inline in {@code weights}. */
    public LearnerState withCells(ModelState cells) {
        return new LearnerState(model, version, policyVersion, labelsApplied, cells, scaler, evidence, classEvidence,
                detectors, auditDetector, threshold, classThresholds, auditRate, prequentialAccuracy, driftAlarms,
                auditMonitor, sinceTightened, 0, policy, driftDetectors);
    }

    /** The drift detectors' states in the spec's order, whichever layout the build that wrote this state used. */
    public DetectorSnapshot[] detectorStates() {
        if (driftDetectors != null) {
            return Arrays.stream(driftDetectors).map(StoredDetector::state).toArray(DetectorSnapshot[]::new);
        }
        return detectors == null ? new DetectorSnapshot[0]
                : Arrays.stream(detectors).map(DetectorState::named).toArray(DetectorSnapshot[]::new);
    }
}
