package io.triage.stage;

import io.triage.event.ReviewRequest;
import io.triage.event.InvalidInputException;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Review requests read back from their topic → {@link ReviewRequest}s. Only what this job signed (when it has a
 * job secret) and in range passes; anything else → dead-letter {@code invalid-review-request} and the audit trail.
 */
public class ParseReviewRequests extends ProcessFunction<String, ReviewRequest> {
    private final JobSpec spec;
    private transient ReviewRequestDecoder decoder;
    private transient Rejections rejections;

    public ParseReviewRequests(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        KeyRing keys = KeyRing.forFile(spec.review().keysFile()); // read on the TaskManager
        requireJobSecret(spec, keys);
        decoder = new ReviewRequestDecoder(ReviewRequestDecoder.limits(spec),
                new ReviewRequestSigner(keys.reviewRequestKey()));
        rejections = new Rejections("review-requests", getRuntimeContext().getMetricGroup());
    }

    /** Signatures required means all of them: labels, and the job's own on what it reads back. */
    static void requireJobSecret(JobSpec spec, KeyRing keys) {
        if (spec.review().requireSignatures() && !keys.hasJobSecret()) {
            throw new IllegalStateException("review.requireSignatures: keys file " + spec.review().keysFile()
                    + " has no 'job' secret to sign review requests with");
        }
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<ReviewRequest> out) {
        if (io.triage.codec.Heartbeats.is(raw)) return; // the job's own: it moved the source's event time, no more
        try {
            // checked here: the joiner's state need not carry the signature
            out.collect(decoder.decode(raw).withSignature(null));
        } catch (InvalidInputException e) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, e.reason(), e.getMessage(), now));
            ctx.output(Tags.AUDIT, Rejections.audit(null, null, e.reason(), e.getMessage(), now));
        }
    }
}
