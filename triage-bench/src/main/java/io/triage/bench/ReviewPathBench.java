package io.triage.bench;

import io.triage.codec.Json;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.feature.FeatureSpace;
import io.triage.local.TransactionsGenerator;
import io.triage.model.ScoringWeights;
import io.triage.path.RecordParser;
import io.triage.path.RecordPath;
import io.triage.path.RecordRouter;
import io.triage.path.ReviewExplainer;
import io.triage.policy.AuditDraw;
import io.triage.policy.StaleLease;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.FieldType;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Java work of one reviewed fraud record on the review path (issue 13), per core, without Kafka or state:
 * {@code scorer} is what the Scorer does for it (route, the request with its canonical features and contributions,
 * the signature), {@code readBack} what ParseReviewRequests does with the message (parse, vector extracted again
 * from the features, signature and range checks). {@code explained}: a model that automates nothing, so each
 * request carries contributions (the warm job's reviews); {@code cold}: no model yet (COLD_START, none).
 * {@code bin/bench ReviewPathBench} runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReviewPathBench {
    static final int POOL = 4096;

    @Param({"cold", "explained"})
    public String model;

    Record[] records;
    String[] messages;
    ModelSnapshot snapshot;
    RecordPath path;
    ReviewRequestSigner signer;
    ReviewRequestDecoder decoder;
    int next;

    @Setup
    public void setup() throws Exception {
        JobSpec spec = SpecLoader.loadNamed("fraud");
        ModelSpec m = spec.models().get(0);
        byte[] key = "a-bench-review-request-key-32-b!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        signer = new ReviewRequestSigner(key);
        decoder = new ReviewRequestDecoder(ReviewRequestDecoder.limits(spec), signer);
        path = new RecordPath(new RecordRouter(AuditDraw.keyed(key)), StaleLease.none(), id -> 600_000L,
                new ReviewExplainer(spec.models()));
        if (model.equals("explained")) {
            int dim = new FeatureSpace(m).dimension();
            String[] classes = m.classes().toArray(new String[0]);
            SplittableRandom rnd = new SplittableRandom(7);
            double[] w = new double[classes.length * (dim + 1)];
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian();
            int numeric = (int) m.features().values().stream().filter(t -> t == FieldType.NUMERIC).count();
            double[] std = new double[numeric];
            Arrays.fill(std, 100);
            // threshold 2: nothing automated, every record a REVIEW request with contributions
            snapshot = new ModelSnapshot(m.id(), 5, 5, new ScoringWeights(classes, dim, w), new double[numeric], std,
                    2.0, new double[0], 0.02, 5, 0L);
        }
        RecordParser parser = new RecordParser(spec);
        TransactionsGenerator g = new TransactionsGenerator(1);
        records = new Record[POOL];
        messages = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            records[i] = parser.parse(g.next().json(), 1_000L + i);
            messages[i] = Json.write(scorer(records[i], i));
        }
        if (decoder.decode(messages[0]) == null) throw new IllegalStateException("the read-back refuses the requests");
    }

    private ReviewRequest scorer(Record r, long now) {
        return signer.signCanonical(path.take(r, snapshot, now).review()); // as the Scorer
    }

    @Benchmark
    public ReviewRequest scorer() {
        int i = next++ & (POOL - 1);
        return scorer(records[i], i);
    }

    @Benchmark
    public ReviewRequest readBack() throws Exception {
        return decoder.decode(messages[next++ & (POOL - 1)]).withSignature(null); // as ParseReviewRequests
    }

    public static void main(String[] args) throws Exception {
        // ten warm-up seconds: the read-back's Jackson paths take several to reach their compiled speed
        new Runner(new OptionsBuilder().include("io\\.triage\\.bench\\.ReviewPathBench\\.").forks(1).threads(1)
                .warmupIterations(10).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).jvmArgs("-Xmx1g", "-XX:+UseParallelGC").build()).run();
    }
}
