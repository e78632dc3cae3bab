package io.triage.bench;

import io.triage.event.Record;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureValues;
import io.triage.feature.SparseVector;
import io.triage.codec.RecordDecoder;
import io.triage.codec.RecordHeader;
import io.triage.local.TransactionsGenerator;
import io.triage.path.RecordParser;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What ParseRecords does per message ({@link RecordParser#parse}), and its two halves: the streaming JSON decode
 * ({@link RecordDecoder#read}) and feature extraction ({@link FeatureExtractor}) from already decoded features.
 * {@code fraud}: TransactionsGenerator JSON (3 numeric, 2 categorical, 1 text field; hashBits 10);
 * {@code num30}: 30 declared numeric fields.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBench {
    static final int POOL = 1024;

    @Param({"fraud", "num30"})
    public String shape;

    String[] json;
    FeatureValues[] decoded;
    final FeatureValues values = new FeatureValues();
    RecordDecoder decoder;
    FeatureExtractor extractor;
    RecordParser parser;
    int next;

    public static JobSpec num30Spec() {
        StringBuilder y = new StringBuilder("name: num30\nmodels:\n  - id: num30\n    classes: [a, b]\n    features: {");
        for (int i = 0; i < 30; i++) y.append(i == 0 ? "" : ", ").append("f").append(i).append(": numeric");
        y.append("}\n    learning: {hashBits: 10}\n");
        return SpecLoader.parse(y.toString());
    }

    @Setup
    public void setup() throws Exception {
        json = new String[POOL];
        JobSpec spec;
        if (shape.equals("fraud")) {
            spec = SpecLoader.loadNamed("fraud");
            TransactionsGenerator g = new TransactionsGenerator(7);
            for (int i = 0; i < POOL; i++) json[i] = g.next().json();
        } else {
            spec = num30Spec();
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < POOL; i++) {
                StringBuilder b = new StringBuilder("{\"id\":\"r-").append(i).append("\",\"model\":\"num30\",\"ts\":\"2024-01-01T00:00:00Z\",\"features\":{");
                for (int f = 0; f < 30; f++) {
                    b.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":")
                            .append(String.format(Locale.ROOT, "%.4f", rnd.nextGaussian() * 10 + 50));
                }
                json[i] = b.append("}}").toString();
            }
        }
        decoder = new RecordDecoder(spec.maxRecordBytes(), spec.defaultModel().orElse(null));
        extractor = new FeatureExtractor(new FeatureSpace(spec.models().get(0)));
        parser = new RecordParser(spec);
        decoded = new FeatureValues[POOL];
        for (int i = 0; i < POOL; i++) {
            decoded[i] = new FeatureValues();
            decoder.read(json[i], 0L, decoded[i]);
        }
    }

    private int nextRecord() {
        int r = next;
        next = (r + 1) & (POOL - 1);
        return r;
    }

    @Benchmark
    public RecordHeader decode() throws Exception {
        return decoder.read(json[nextRecord()], 1L, values);
    }

    @Benchmark
    public SparseVector extract() throws Exception {
        return extractor.extract(decoded[nextRecord()]);
    }

    @Benchmark
    public Record decodeAndExtract() throws Exception {
        return parser.parse(json[nextRecord()], 1L);
    }
}
