package io.triage.drift;

import io.triage.spec.DetectorKind;

/**
 * A detector's state with every field named, one record per kind; {@code DriftDetectors.restore(settings, state)}
 * continues exactly where it was taken. Settings are not included (they come from configuration on restore).
 */
public sealed interface DetectorSnapshot permits PageHinkleyState, DdmState, AdwinState {

    DetectorKind kind();
}
