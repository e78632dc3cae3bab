package io.triage.spec;

import java.io.Serializable;
import java.util.List;

/**
 * Drift detection and response.
 *
 * @param detectors            detectors run on the error stream of labeled items: "page-hinkley", "adwin", "ddm"
 * @param auditBoost           on an alarm the audit rate is multiplied by this
 * @param maxAuditRate         ceiling of the boosted audit rate
 * @param relaxHalfLife        labels after which a boosted audit rate has moved halfway back to the base rate
 * @param forgetFactor         on an alarm the verified-outcome evidence is multiplied by this (0 forgets all)
 * @param accumulatorDecay     on an alarm the optimiser accumulators are multiplied by this (bigger steps again)
 */
public record DriftSpec(List<String> detectors, Double auditBoost, Double maxAuditRate, Double relaxHalfLife,
                        Double forgetFactor, Double accumulatorDecay) implements Serializable {
    public DriftSpec {
        detectors = detectors == null ? List.of(DetectorKind.PAGE_HINKLEY.code(), DetectorKind.ADWIN.code())
                : List.copyOf(detectors);
        auditBoost = auditBoost == null ? 5.0 : auditBoost;
        maxAuditRate = maxAuditRate == null ? 0.5 : maxAuditRate;
        relaxHalfLife = relaxHalfLife == null ? 1000.0 : relaxHalfLife;
        forgetFactor = forgetFactor == null ? 0.1 : forgetFactor;
        accumulatorDecay = accumulatorDecay == null ? 0.1 : accumulatorDecay;
    }

    public static DriftSpec defaults() {
        return new DriftSpec(null, null, null, null, null, null);
    }

    void validate(Problems p, String path) {
        for (int i = 0; i < detectors.size(); i++) {
            p.check(DetectorKind.of(detectors.get(i)).isPresent(), path + ".detectors[" + i + "]",
                    "unknown detector '" + detectors.get(i) + "' " + DetectorKind.codes());
        }
        p.check(auditBoost >= 1, path + ".auditBoost", "must be ≥ 1, was " + auditBoost);
        p.check(maxAuditRate > 0 && maxAuditRate <= 1, path + ".maxAuditRate", "must be in (0, 1], was " + maxAuditRate);
        p.positive(relaxHalfLife, path + ".relaxHalfLife");
        p.range(forgetFactor, 0, 1, path + ".forgetFactor");
        p.check(accumulatorDecay > 0 && accumulatorDecay <= 1, path + ".accumulatorDecay",
                "must be in (0, 1], was " + accumulatorDecay);
    }
}
