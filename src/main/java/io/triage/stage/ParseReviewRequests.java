package io.triage.stage;

import io.triage.event.ReviewRequest;
import io.triage.io.InvalidInputException;
import io.triage.io.ReviewRequestDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Review requests read back from their topic → {@link ReviewRequest}s (a foreign writer → dead-letter). */
public class ParseReviewRequests extends ProcessFunction<String, ReviewRequest> {
    private transient ReviewRequestDecoder decoder;
    private transient Rejections rejections;

    @Override
    public void open(OpenContext ctx) {
        decoder = new ReviewRequestDecoder();
        rejections = new Rejections("review-requests", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<ReviewRequest> out) {
        try {
            out.collect(decoder.decode(raw));
        } catch (InvalidInputException e) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
        }
    }
}
