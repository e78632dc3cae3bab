package io.triage.stage;

import io.triage.event.Label;
import io.triage.io.InvalidInputException;
import io.triage.io.LabelDecoder;
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
        long now = ctx.timerService().currentProcessingTime();
        try {
            out.collect(decoder.decode(raw, now));
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
