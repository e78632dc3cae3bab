package io.triage.stage;

import io.triage.event.Label;
import io.triage.event.InvalidInputException;
import io.triage.codec.LabelDecoder;
import io.triage.security.KeyRing;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw {@code labels} messages → {@link Label}s; malformed ones → dead-letter. */
public class ParseLabels extends ProcessFunction<String, Label> {
    private final JobSpec spec;
    private transient LabelDecoder decoder;
    private transient Rejections rejections;

    public ParseLabels(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        // the keys are read here, on the TaskManager, never shipped in the job graph
        decoder = new LabelDecoder(spec.maxRecordBytes(), KeyRing.forFile(spec.review().keysFile()),
                spec.review().requireSignatures());
        rejections = new Rejections("labels", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Label> out) {
        if (io.triage.codec.Heartbeats.is(raw)) return; // the job's own: it moved the source's event time, no more
        long now = ctx.timerService().currentProcessingTime();
        try {
            Label l = decoder.decode(raw, now);
            // when it was given: the broker's timestamp of the message, or earlier if the label says so (a tool
            // that sends what it collected) — never later, so nobody can claim a deadline they missed
            Long appended = ctx.timestamp();
            if (appended != null && l.ts() > appended) {
                l = new Label(l.id(), l.model(), l.label(), l.annotator(), appended, l.eventId());
            }
            if (l.model() == null) {
                // the joiner keys by model and id: a label naming no model can only be meant for the only one
                String only = spec.defaultModel().orElseThrow(() -> new InvalidInputException("missing-model",
                        "field 'model' is missing and the job serves several models"));
                l = new Label(l.id(), only, l.label(), l.annotator(), l.ts(), l.eventId());
            }
            out.collect(l);
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
