package io.triage.stage;

import io.triage.event.Record;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.InvalidFeatureException;
import io.triage.feature.SparseVector;
import io.triage.io.DecodedRecord;
import io.triage.io.InvalidInputException;
import io.triage.io.RecordDecoder;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/** Raw {@code records} messages → {@link Record}s with feature vectors; anything unusable → dead-letter. */
public class ParseRecords extends ProcessFunction<String, Record> {
    private final JobSpec spec;
    private transient RecordDecoder decoder;
    private transient Map<String, FeatureExtractor> extractors;
    private transient Rejections rejections;

    public ParseRecords(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new RecordDecoder(spec.maxRecordBytes(), spec.defaultModel().orElse(null));
        extractors = new HashMap<>();
        for (ModelSpec m : spec.models()) extractors.put(m.id(), new FeatureExtractor(new FeatureSpace(m)));
        rejections = new Rejections("records", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<Record> out) {
        long now = ctx.timerService().currentProcessingTime();
        DecodedRecord d;
        try {
            d = decoder.decode(raw, now);
        } catch (InvalidInputException e) {
            reject(ctx, raw, null, null, e.reason(), e.getMessage(), now);
            return;
        }
        FeatureExtractor fx = extractors.get(d.model());
        if (fx == null) {
            reject(ctx, raw, d.id(), d.model(), "unknown-model", "no model '" + d.model() + "' in this job", now);
            return;
        }
        try {
            SparseVector v = fx.extract(d.features());
            out.collect(new Record(d.id(), d.model(), d.ts(), d.featuresJson(), v.indices(), v.values()));
        } catch (InvalidFeatureException e) {
            reject(ctx, raw, d.id(), d.model(), e.reason(), e.getMessage(), now);
        }
    }

    private void reject(Context ctx, String raw, String id, String model, String reason, String detail, long now) {
        ctx.output(Tags.DEAD_LETTER, rejections.deadLetter(raw, reason, detail, now));
        ctx.output(Tags.AUDIT, Rejections.audit(id, model, reason, detail, now));
    }
}
