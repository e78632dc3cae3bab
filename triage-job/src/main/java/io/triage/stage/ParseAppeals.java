package io.triage.stage;

import io.triage.codec.AppealDecoder;
import io.triage.event.Appeal;
import io.triage.event.InvalidInputException;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw {@code appeals} messages → {@link Appeal}s; malformed ones → dead-letter. */
public class ParseAppeals extends ProcessFunction<String, Appeal> {
    private final JobSpec spec;
    private transient AppealDecoder decoder;
    private transient Rejections rejections;

    public ParseAppeals(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new AppealDecoder(spec.maxRecordBytes());
        rejections = new Rejections("appeals", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Appeal> out) {
        long now = ctx.timerService().currentProcessingTime();
        try {
            Appeal a = decoder.decode(raw, now);
            // made when the broker took it, or earlier if it says so: never later, so no window is stretched
            Long appended = ctx.timestamp();
            if (appended != null && a.ts() > appended) {
                a = new Appeal(a.appealId(), a.model(), a.recordId(), a.reason(), a.appellant(), appended);
            }
            if (a.model() == null) {
                String only = spec.defaultModel().orElseThrow(() -> new InvalidInputException("missing-model",
                        "field 'model' is missing and the job serves several models"));
                a = new Appeal(a.appealId(), only, a.recordId(), a.reason(), a.appellant(), a.ts());
            }
            out.collect(a);
        } catch (InvalidInputException e) {
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
