package io.triage.stage;

import io.triage.codec.OutcomeDecoder;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.InvalidInputException;
import io.triage.review.OutcomeAdmission;
import io.triage.event.Outcome;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw {@code outcomes} messages → {@link Outcome}s; malformed ones → dead-letter. While outcomes are off
 * (review.outcomes.retentionMs 0) nothing joins them, so each is refused here, {@code outcomes-off}, on the trail.
 */
public class ParseOutcomes extends ProcessFunction<String, Outcome> {
    private final JobSpec spec;
    private transient OutcomeDecoder decoder;
    private transient Rejections rejections;

    public ParseOutcomes(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new OutcomeDecoder(spec.maxRecordBytes());
        rejections = new Rejections("outcomes", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Outcome> out) {
        long now = ctx.timerService().currentProcessingTime();
        try {
            Outcome o = decoder.decode(raw, now);
            // observed when the broker took it, or earlier if it says so: never later, so no retention is stretched
            Long appended = ctx.timestamp();
            if (appended != null && o.observedAt() > appended) {
                o = new Outcome(o.outcomeId(), o.model(), o.recordId(), o.label(), o.source(), appended);
            }
            if (o.model() == null) {
                String only = spec.defaultModel().orElseThrow(() -> new InvalidInputException("missing-model",
                        "field 'model' is missing and the job serves several models"));
                o = new Outcome(o.outcomeId(), only, o.recordId(), o.label(), o.source(), o.observedAt());
            }
            if (spec.review().outcomes().enabled()) {
                out.collect(o);
            } else {
                String outcomeId = o.outcomeId();
                ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.OUTCOME_REJECTED, o.recordId(), o.model(), -1, -1, o.observedAt())
                        .withLabel(o.label(), o.source()).because(OutcomeAdmission.Rejection.OUTCOMES_OFF.code())
                        .with(b -> b.outcomeId(outcomeId)));
            }
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
