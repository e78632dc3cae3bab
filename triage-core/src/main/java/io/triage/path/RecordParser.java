package io.triage.path;

import io.triage.codec.RecordDecoder;
import io.triage.codec.RecordHeader;
import io.triage.event.InvalidInputException;
import io.triage.event.Record;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureValues;
import io.triage.feature.SparseVector;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first half of a record's path: a raw {@code records} message decoded ({@link RecordDecoder}) and its
 * features extracted into its model's space ({@link FeatureExtractor}). The job's ParseRecords, the replay, the
 * verifier and the benchmarks all parse through this, so they see the same records. Streaming, into primitive
 * arrays (no JSON tree, no map); one parser per thread.
 */
public final class RecordParser {
    private final RecordDecoder decoder;
    private final Map<String, FeatureExtractor> extractors = new HashMap<>();
    private final FeatureValues values = new FeatureValues();

    /**
     * @param maxRecordBytes larger messages are refused
     * @param defaultModel   the model of a record that names none (null: every record must name one)
     * @param models         the models records may name
     */
    public RecordParser(int maxRecordBytes, String defaultModel, List<ModelSpec> models) {
        this.decoder = new RecordDecoder(maxRecordBytes, defaultModel);
        for (ModelSpec m : models) extractors.put(m.id(), new FeatureExtractor(new FeatureSpace(m)));
    }

    /** As the job parses: its size bound, and its only model as the default. */
    public RecordParser(JobSpec spec) {
        this(spec.maxRecordBytes(), spec.defaultModel().orElse(null), spec.models());
    }

    /**
     * @param now the arrival time, for a record without its own timestamp
     * @throws InvalidInputException with the reason (and, once decoded, the record's id and model)
     */
    public Record parse(String raw, long now) throws InvalidInputException {
        RecordHeader d = decoder.read(raw, now, values);
        FeatureExtractor fx = extractors.get(d.model());
        if (fx == null) {
            throw new InvalidInputException("unknown-model", "no model '" + d.model() + "' in this job").about(d.id(), d.model());
        }
        try {
            SparseVector v = fx.extract(values);
            return new Record(d.id(), d.model(), d.ts(), d.featuresJson(), v.indices(), v.values());
        } catch (InvalidInputException e) {
            throw e.about(d.id(), d.model());
        }
    }
}
