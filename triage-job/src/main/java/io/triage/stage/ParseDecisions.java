package io.triage.stage;

import io.triage.codec.DecisionDecoder;
import io.triage.event.Decision;
import io.triage.event.InvalidInputException;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The committed {@code decisions} read back → {@link Decision}s for the outcome desk (the desk feeds the Learner,
 * which feeds the Scorer, so it cannot take the Scorer's decisions inside the graph); what is not one → dead-letter.
 */
public class ParseDecisions extends ProcessFunction<String, Decision> {
    private final JobSpec spec;
    private transient DecisionDecoder decoder;
    private transient Rejections rejections;

    public ParseDecisions(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new DecisionDecoder(spec.maxRecordBytes());
        rejections = new Rejections("decisions", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Decision> out) {
        long now = ctx.timerService().currentProcessingTime();
        try {
            out.collect(decoder.decode(raw));
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
