package io.triage.stage;

import io.triage.event.Appeal;
import io.triage.event.DecidedRecord;
import io.triage.event.Label;
import io.triage.event.ReviewRequest;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The LabelJoiner's key: a record is known by its model and its id together, so two models may use the same
 * ids without one's request or label landing on the other's. Labels reach the joiner with their model filled
 * in ({@link ParseLabels} takes it from the spec when the job serves one model, and rejects a label without
 * one otherwise).
 */
public final class JoinKey {
    private JoinKey() {}

    public static String of(String model, String recordId) {
        return model + '\u0000' + recordId;
    }

    public static KeySelector<ReviewRequest, String> ofRequest() {
        return r -> of(r.model(), r.recordId());
    }

    public static KeySelector<Label, String> ofLabel() {
        return l -> of(l.model(), l.id());
    }

    public static KeySelector<DecidedRecord, String> ofDecided() {
        return d -> of(d.model(), d.recordId());
    }

    public static KeySelector<Appeal, String> ofAppeal() {
        return a -> of(a.model(), a.recordId());
    }

    public static KeySelector<io.triage.event.Decision, String> ofDecision() {
        return d -> of(d.model(), d.recordId());
    }

    public static KeySelector<io.triage.event.Outcome, String> ofOutcome() {
        return o -> of(o.model(), o.recordId());
    }
}
