package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.DeadLetter;
import io.triage.event.DecidedRecord;
import io.triage.event.LabeledExample;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import org.apache.flink.util.OutputTag;

/** Side outputs shared by the stages. */
public final class Tags {
    public static final OutputTag<DeadLetter> DEAD_LETTER = new OutputTag<>("dead-letter") {};
    public static final OutputTag<AuditEvent> AUDIT = new OutputTag<>("audit") {};
    public static final OutputTag<ReviewRequest> REVIEW = new OutputTag<>("review-requests") {};
    public static final OutputTag<LabeledExample> LABELED = new OutputTag<>("labeled") {};
    public static final OutputTag<ModelPublished> PUBLISHED = new OutputTag<>("models") {};
    /** Decisions with the record's features, for the appeal desk (only while appeals are on). */
    public static final OutputTag<DecidedRecord> DECIDED = new OutputTag<>("decided") {};
    /** Automated decisions shown wrong after the fact (overturned appeals, contradicting outcomes), for the Learner. */
    public static final OutputTag<io.triage.event.KnownError> KNOWN_ERROR = new OutputTag<>("known-errors") {};

    private Tags() {}
}
