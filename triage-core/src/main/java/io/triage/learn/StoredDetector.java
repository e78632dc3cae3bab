package io.triage.learn;

import io.triage.drift.AdwinState;
import io.triage.drift.DdmState;
import io.triage.drift.DetectorSnapshot;
import io.triage.drift.PageHinkleyState;

/**
 * One drift detector's state as {@link LearnerState} holds it: exactly one field set, the one of its kind. Flink
 * serializes a concrete record field by field, whereas the sealed {@link DetectorSnapshot} would need Kryo.
 */
public record StoredDetector(PageHinkleyState pageHinkley, DdmState ddm, AdwinState adwin) {

    public StoredDetector {
        int set = (pageHinkley != null ? 1 : 0) + (ddm != null ? 1 : 0) + (adwin != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a stored detector holds exactly one state, not " + set);
        }
    }

    public static StoredDetector of(DetectorSnapshot s) {
        if (s instanceof PageHinkleyState ph) return new StoredDetector(ph, null, null);
        if (s instanceof DdmState d) return new StoredDetector(null, d, null);
        if (s instanceof AdwinState a) return new StoredDetector(null, null, a);
        throw new IllegalArgumentException("no field for " + s);
    }

    public DetectorSnapshot state() {
        return pageHinkley != null ? pageHinkley : ddm != null ? ddm : adwin;
    }
}
