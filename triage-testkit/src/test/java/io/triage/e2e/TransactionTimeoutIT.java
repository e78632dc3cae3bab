package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.TriageJob;
import io.triage.event.AuditEvent;
import io.triage.event.DeadLetter;
import io.triage.event.Decision;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.kafka.TriageSinks;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.LocalPorts;
import io.triage.local.RecordIds;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.KafkaSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recovery that outlasts the Kafka transaction timeout (issue 10, item 1). The job's start-up check keeps the
 * configured timeout above the recovery bound; here the review-requests sink gets a 3 s timeout behind the
 * check's back (the sinks are injected) and the job fails right after a checkpoint completed, before the
 * requests of that checkpoint were committed, then waits 8 s to restart. The broker aborts those transactions
 * meanwhile, so their review requests are lost (no reviewer will see those records, and they will never be
 * decided) — the test makes sure of it against the records it sent — and the restarted job must
 * say so: the committer's {@code transactionsLost} counter, scraped from Flink's Prometheus reporter under the
 * name the shipped alert rule watches.
 */
class TransactionTimeoutIT {
    private static final String PREFIX = "txtimeout-";
    private static final int RECORDS = 1_500;
    private static final int SHORT_TIMEOUT_MS = 3_000;
    /** The metric the alert rule {@code TriageTransactionsLost} in conf/monitoring/triage-alerts.yaml watches. */
    static final String LOST_METRIC = "flink_taskmanager_job_task_operator_transactionsLost";
    /** Armed by the test, tripped by the next commit of the review-requests sink (the MiniCluster runs in this JVM). */
    static final AtomicBoolean FAIL_NEXT_COMMIT = new AtomicBoolean();

    @Test
    void aRecoveryLongerThanTheTransactionTimeoutLosesReviewRequestsAndReportsThem(@TempDir Path checkpoints)
            throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        TopicsSpec topics = spec().kafka().topics().prefixed(PREFIX);
        JobSpec base = spec();
        JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(PREFIX + "group"));
        kafka.createTopics(2, topics.all());
        KafkaSpec k = spec.kafka();
        KafkaSpec shortTimeout = new KafkaSpec(k.bootstrap(), k.groupId(), k.topics(), k.partitions(), SHORT_TIMEOUT_MS,
                k.properties(), k.transactionalIdPrefix());

        int metricsPort = LocalPorts.free();
        Configuration cluster = new Configuration();
        cluster.setString("restart-strategy.type", "fixed-delay");
        cluster.setString("restart-strategy.fixed-delay.attempts", "10");
        cluster.setString("restart-strategy.fixed-delay.delay", "8 s"); // > the 3 s timeout + the broker's sweep
        cluster.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        cluster.setString("metrics.reporter.prom.port", metricsPort + "-" + (metricsPort + 3));
        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints, 1, -1, null, cluster);
        new TriageJob(spec, new KafkaSources(spec.kafka()),
                new FailingReviewRequestCommits(new KafkaSinks(k, PREFIX + "job"), new KafkaSinks(shortTimeout, PREFIX + "job")))
                .build(env);
        JobClient job = env.executeAsync(PREFIX + "job");

        Set<String> sent = new LinkedHashSet<>();
        TransactionsGenerator gen = new TransactionsGenerator(7);
        try (KafkaProducer<String, String> producer = producer(kafka);
             LiveOutputs out = new LiveOutputs(kafka.bootstrapServers(), topics)) {
            for (int i = 0; i < RECORDS; i++) {
                String json = gen.next().json();
                String id = RecordIds.idOf(json);
                producer.send(new ProducerRecord<>(topics.records(), id, json)).get();
                sent.add(id);
                if (i == RECORDS / 3) {
                    // cold start, no reviewers: every record goes to review
                    assertTrue(out.awaitUntil(() -> out.reviewRequests.size() > 100, Duration.ofSeconds(60)),
                            "the job writes review requests before the fault");
                    FAIL_NEXT_COMMIT.set(true);
                }
                Thread.sleep(5);
            }
            assertTrue(out.awaitUntil(() -> !FAIL_NEXT_COMMIT.get(), Duration.ofSeconds(30)), "the fault was injected");

            // the job has written what it ever will once every record sent is scored (SCORED is in another sink)
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            boolean reported = out.awaitUntil(() -> scrape(http, metricsPort) > 0, Duration.ofSeconds(90));
            assertTrue(out.awaitUntil(() -> ids(out.audit("SCORED")).containsAll(sent), Duration.ofSeconds(60)),
                    "every record scored after the recovery");
            out.awaitUntil(() -> false, Duration.ofSeconds(3)); // the last checkpoint's requests
            Set<String> lost = new HashSet<>(sent);
            lost.removeAll(ids(out.reviewRequests));
            Set<String> ghosts = ids(out.reviewRequests);
            ghosts.removeAll(sent);
            System.out.printf("txtimeout: %d records sent, %d review requests committed, %d lost, transactionsLost %.0f%n",
                    sent.size(), sent.size() - lost.size(), lost.size(), scrape(http, metricsPort));
            assertTrue(ghosts.isEmpty(), "review requests for records never sent: " + ghosts);
            assertTrue(!lost.isEmpty(), "the recovery outlasted the timeout: the broker must have aborted requests");
            assertTrue(reported, lost.size() + " review requests lost and " + LOST_METRIC + " never rose: a silent loss");
            // the loss is that of one sink: every record whose request was lost was scored (SCORED committed)
            Set<String> scored = new HashSet<>();
            out.audit("SCORED").forEach(a -> scored.add(a.path("recordId").asText()));
            assertTrue(scored.containsAll(lost), "the audit trail names every record whose decision was lost");
            String alerts = Files.readString(Path.of("conf/monitoring/triage-alerts.yaml"));
            assertTrue(alerts.contains(LOST_METRIC), "the shipped alert rule watches " + LOST_METRIC);
        } finally {
            FAIL_NEXT_COMMIT.set(false);
            LocalFlink.cancel(job);
        }
    }

    private static Set<String> ids(java.util.List<com.fasterxml.jackson.databind.JsonNode> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(d -> ids.add(d.path("recordId").asText()));
        return ids;
    }

    /** The sum of {@link #LOST_METRIC} over every series the reporters serve (0 when none answers). */
    private static double scrape(HttpClient http, int firstPort) {
        double sum = 0;
        Pattern line = Pattern.compile("^" + LOST_METRIC + "\\{[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        for (int port = firstPort; port <= firstPort + 3; port++) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = line.matcher(body);
                while (m.find()) sum += Double.parseDouble(m.group(1));
            } catch (IOException | InterruptedException e) {
                // no reporter on this port
            }
        }
        return sum;
    }

    private static JobSpec spec() {
        return SpecLoader.parse("""
                name: txtimeout
                checkpointIntervalMs: 1000
                metricsEvery: 100
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, hour: numeric, card_present: numeric,
                               country: categorical, merchant_category: categorical, memo: text}
                    learning: {hashBits: 10}
                    policy: {reviewDeadlineMs: 600000}
                """);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** The job's sinks, the review-requests sink from {@code requestsFrom} with its committer failing on demand. */
    private record FailingReviewRequestCommits(TriageSinks normal, TriageSinks requestsFrom) implements TriageSinks {
        @Override
        public Sink<Decision> decisions() {
            return normal.decisions();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Sink<ReviewRequest> reviewRequests() {
            return new CommitFailingSink<>((TwoPhaseCommittingStatefulSink<ReviewRequest, KafkaWriterState, KafkaCommittable>
                    & SupportsPostCommitTopology<KafkaCommittable>) requestsFrom.reviewRequests());
        }

        @Override
        public Sink<AuditEvent> audit() {
            return normal.audit();
        }

        @Override
        public Sink<ModelPublished> models() {
            return normal.models();
        }

        @Override
        public Sink<Metrics> metrics() {
            return normal.metrics();
        }

        @Override
        public Sink<DeadLetter> deadLetter() {
            return normal.deadLetter();
        }
    }

    /**
     * A sink whose committer, when {@link #FAIL_NEXT_COMMIT} is armed, fails before committing anything: the task
     * dies right after the checkpoint completed, as if its TaskManager had, and the restarted job commits the
     * checkpoint's transactions from its state.
     */
    private static final class CommitFailingSink<IN, S extends TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>
            & SupportsPostCommitTopology<KafkaCommittable>>
            implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
            SupportsPostCommitTopology<KafkaCommittable> {
        private final S inner;

        CommitFailingSink(S inner) {
            this.inner = inner;
        }

        @Override
        public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(WriterInitContext c)
                throws IOException {
            return inner.createWriter(c);
        }

        @Override
        public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(
                WriterInitContext c, Collection<KafkaWriterState> states) throws IOException {
            return inner.restoreWriter(c, states);
        }

        @Override
        public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
            return inner.getWriterStateSerializer();
        }

        @Override
        public Committer<KafkaCommittable> createCommitter(CommitterInitContext c) throws IOException {
            Committer<KafkaCommittable> committer = inner.createCommitter(c);
            return new Committer<>() {
                @Override
                public void commit(Collection<CommitRequest<KafkaCommittable>> requests)
                        throws IOException, InterruptedException {
                    if (!requests.isEmpty() && FAIL_NEXT_COMMIT.compareAndSet(true, false)) {
                        throw new IOException("injected: the task died before committing " + requests.size()
                                + " transaction(s) of a completed checkpoint");
                    }
                    committer.commit(requests);
                }

                @Override
                public void close() throws Exception {
                    committer.close();
                }
            };
        }

        @Override
        public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
            return inner.getCommittableSerializer();
        }

        @Override
        public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
            inner.addPostCommitTopology(committables);
        }
    }
}
