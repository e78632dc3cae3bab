package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.cli.ExportCommand;
import io.triage.codec.Json;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.export.ExportConsumer;
import io.triage.export.FeatureNames;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LabeledRecord;
import io.triage.local.LocalFlink;
import io.triage.local.RecordIds;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.model.ScoringWeights;
import io.triage.path.RecordParser;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine;

/**
 * {@code triage export} on the savepoint of a real run (MiniCluster, embedded Kafka, simulated reviewers): the
 * exported Tribuo model and the exported ONNX model (scored with ONNX Runtime) predict the class and confidence
 * the project's own {@link Router} gives with that version, on 1,000 fresh records; and the exported weights are
 * the ones the job published, by the {@code models} log's digest.
 */
class ExportIT {
    private static final String PREFIX = "export-";
    private static final int LEARN = 400;
    private static final int SCORE = 1000;

    private static JobSpec spec() {
        return SpecLoader.parse("""
                name: export
                checkpointIntervalMs: 1000
                metricsEvery: 100
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {targetPrecision: 0.9, auditRate: 0.05, minEvidence: 50, reviewDeadlineMs: 600000}
                    drift: {detectors: []}
                """);
    }

    @Test
    void exportedModelsScoreLikeTheJob(@TempDir Path checkpoints, @TempDir Path savepoints, @TempDir Path out)
            throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        TopicsSpec topics = spec().kafka().topics().prefixed(PREFIX);
        JobSpec spec = spec().withKafka(spec().kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        kafka.createTopics(1, topics.all());
        Map<String, String> truth = new LinkedHashMap<>();
        List<String> records = new ArrayList<>();
        TransactionsGenerator gen = new TransactionsGenerator(23);
        for (int i = 0; i < LEARN; i++) {
            LabeledRecord r = gen.next();
            truth.put(RecordIds.idOf(r.json()), r.truth());
            records.add(r.json());
        }

        String savepoint;
        List<JsonNode> models;
        try (KafkaProducer<String, String> producer = producer(kafka);
             LiveOutputs live = new LiveOutputs(kafka.bootstrapServers(), topics)) {
            StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints, 1, -1, null);
            new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), PREFIX + "job")).build(env);
            JobClient job = env.executeAsync(PREFIX + "job");
            try (ReviewTeam team = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                    ReviewTeam.Settings.of(3, 1.0, 5, 0.0, 5), truth::get).start()) {
                for (String r : records) {
                    producer.send(new ProducerRecord<>(topics.records(), RecordIds.idOf(r), r));
                    Thread.sleep(5);
                }
                producer.flush();
                assertTrue(live.awaitUntil(() -> ids(live.decisions).size() == LEARN
                                && live.models.size() == live.audit("LABELED").size(), Duration.ofSeconds(90)),
                        "the run settled: " + ids(live.decisions).size() + " decided");
            }
            savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            live.poll();
            models = live.models;
        }
        JsonNode last = models.get(models.size() - 1);
        Map<Long, String> published = new LinkedHashMap<>();
        for (JsonNode m : models) published.put(m.path("version").asLong(), m.path("weightsDigest").asText());

        Path specFile = out.resolve("job.yaml");
        Files.writeString(specFile, SpecLoader.toYaml(spec));
        ModelSpec m = spec.model("fraud").orElseThrow();
        List<Record> scoring = scoringRecords(spec);

        for (String version : List.of("serving", "learning")) {
            Path dir = out.resolve(version);
            export(savepoint, specFile, version, "tribuo", dir);
            export(savepoint, specFile, version, "onnx", dir);
            JsonNode fs = Json.MAPPER.readTree(Files.readString(dir.resolve("fraud.onnx.feature-spec.json")));
            assertEquals(fs.path("inputs"), Json.MAPPER.readTree(Files.readString(dir.resolve("fraud.tribuo.feature-spec.json")))
                    .path("inputs"), "both formats read the same columns");
            long v = fs.path("version").asLong();
            long expected = "serving".equals(version) ? last.path("servingVersion").asLong() : last.path("version").asLong();
            assertEquals(expected, v, version + " version: the models log's last entry names it");
            assertEquals(published.get(v), fs.path("weightsDigest").asText(),
                    version + " v" + v + ": the exported weights are the ones the job published");

            // the project's own scorer with the same version, from the state the export read
            ModelSnapshot snapshot = snapshotOf(savepoint, version, spec);
            assertEquals(v, snapshot.version());
            assertEquals(published.get(v), snapshot.weights().digest());

            @SuppressWarnings("unchecked")
            Model<Label> tribuo = (Model<Label>) Model.deserializeFromFile(dir.resolve("fraud.tribuo"));
            ExportConsumer consumer = new ExportConsumer(fs, FeatureNames.of(new FeatureSpace(m)));
            float[][] rows = new float[scoring.size()][];
            for (int i = 0; i < rows.length; i++) {
                Record r = scoring.get(i);
                rows[i] = consumer.dense(new SparseVector(r.indices(), r.values()));
            }
            float[][] onnx = onnx(dir.resolve("fraud.onnx"), fs, rows);
            String[] classes = consumer.classes();
            double maxTribuo = 0, maxOnnx = 0;
            for (int i = 0; i < scoring.size(); i++) {
                Record r = scoring.get(i);
                Routing ref = Router.route("fraud", r.id(), r.indices(), r.values(), snapshot);
                double[] pt = consumer.tribuo(tribuo, new SparseVector(r.indices(), r.values()));
                int bt = argmax(pt);
                assertEquals(ref.predicted(), classes[bt], version + " Tribuo class of " + r.id());
                assertEquals(ref.confidence(), pt[bt], 1e-6, version + " Tribuo confidence of " + r.id());
                int bo = argmax(onnx[i]);
                assertEquals(ref.predicted(), classes[bo], version + " ONNX class of " + r.id());
                assertEquals(ref.confidence(), onnx[i][bo], 1e-6, version + " ONNX confidence of " + r.id());
                maxTribuo = Math.max(maxTribuo, Math.abs(ref.confidence() - pt[bt]));
                maxOnnx = Math.max(maxOnnx, Math.abs(ref.confidence() - onnx[i][bo]));
            }
            System.out.printf("export %s: v%d (frozen %s) of %d labels, %d records: max |Δconfidence| Tribuo %.2e, "
                            + "ONNX %.2e%n", version, v, fs.path("frozen").asBoolean(), fs.path("labelsApplied").asLong(),
                    scoring.size(), maxTribuo, maxOnnx);
        }
    }

    private static void export(String savepoint, Path spec, String version, String format, Path dir) {
        int code = new CommandLine(new ExportCommand()).execute("--savepoint", savepoint, "--spec", spec.toString(),
                "--model", "fraud", "--version", version, "--format", format, "--out", dir.toString());
        assertEquals(0, code, "triage export --version " + version + " --format " + format);
    }

    /** The version as the Scorer would get it, read from the same savepoint. */
    private static ModelSnapshot snapshotOf(String savepoint, String version, JobSpec spec) throws Exception {
        var v = io.triage.savepoint.SavepointModels.read(savepoint, "fraud", version);
        ScoringWeights w = v.weights();
        return new ModelSnapshot("fraud", v.version(), 0, w, v.scaleMean(), v.scaleStd(), 0.0, new double[0], 0.0,
                v.labelsApplied(), 0);
    }

    private static float[][] onnx(Path file, JsonNode fs, float[][] rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of(fs.path("onnx").path("input").asText(), input))) {
            return (float[][]) result.get(fs.path("onnx").path("output").asText()).orElseThrow().getValue();
        }
    }

    /** 1,000 records the job never saw, through the job's own parser (raw hashed features). */
    private static List<Record> scoringRecords(JobSpec spec) throws Exception {
        RecordParser parser = new RecordParser(spec);
        TransactionsGenerator gen = new TransactionsGenerator(97);
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < SCORE; i++) out.add(parser.parse(gen.next().json(), 0));
        return out;
    }

    private static int argmax(double[] p) {
        int b = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[b]) b = k;
        return b;
    }

    private static int argmax(float[] p) {
        int b = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[b]) b = k;
        return b;
    }

    private static Set<String> ids(List<JsonNode> events) {
        Set<String> s = new HashSet<>();
        events.forEach(e -> s.add(e.path("recordId").asText()));
        return s;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, PREFIX + "producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }
}
