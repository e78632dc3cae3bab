package io.triage.stage;

import io.triage.event.InvalidInputException;
import io.triage.event.Record;
import io.triage.path.RecordParser;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw {@code records} messages → {@link Record}s with feature vectors ({@link RecordParser}); anything unusable → dead-letter. */
public class ParseRecords extends ProcessFunction<String, Record> {
    private final JobSpec spec;
    private transient RecordParser parser;
    private transient Rejections rejections;

    public ParseRecords(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = new RecordParser(spec);
        rejections = new Rejections("records", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Record> out) {
        long now = ctx.timerService().currentProcessingTime();
        try {
            out.collect(parser.parse(raw, now));
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(e.recordId(), e.model(), e.reason(), e.getMessage(), now));
        }
    }
}
