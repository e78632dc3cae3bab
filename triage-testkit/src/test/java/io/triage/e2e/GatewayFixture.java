package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.TriageJob;
import io.triage.gateway.Gateway;
import io.triage.gateway.GatewayServer;
import io.triage.gateway.ReviewerTokens;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.LocalKeys;
import io.triage.local.RecordReplayer;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.spec.TopicsSpec;
import io.triage.testhooks.FaultHooks;
import io.triage.testkit.chaos.CommittedOutputs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job on a MiniCluster against the shared in-process broker, fed by a replayer, with a review gateway beside
 * it and no simulated team: whatever gets labeled, somebody labeled through the gateway.
 */
final class GatewayFixture implements AutoCloseable {
    static final List<String> REVIEWERS = List.of("alice", "bob");

    final EmbeddedKafka kafka = SharedKafka.get();
    final JobSpec spec;
    final TopicsSpec topics;
    final LocalKeys.Provisioned keys;
    final Map<String, String> tokens;
    final Path tokensFile;
    final RecordReplayer replayer;
    final List<String> reviewers;
    private final JobClient job;
    private final Thread feeder;
    Gateway gateway;

    private final Gateway.Settings settings;

    GatewayFixture(Path dir, String prefix, long records, double rate) throws Exception {
        this(dir, prefix, records, rate, Gateway.Settings.local(0));
    }

    /** @param settings the gateway's (its port is taken as 0: any free one) */
    GatewayFixture(Path dir, String prefix, long records, double rate, Gateway.Settings settings) throws Exception {
        this(dir, prefix, records, rate, settings, REVIEWERS, s -> s);
    }

    /**
     * @param reviewers who has a key and a token
     * @param tweak     changes to the job's spec (e.g. its consensus), before the topics and keys are set
     */
    GatewayFixture(Path dir, String prefix, long records, double rate, Gateway.Settings settings,
                   List<String> reviewers, java.util.function.UnaryOperator<JobSpec> tweak) throws Exception {
        this.settings = settings;
        this.reviewers = List.copyOf(reviewers);
        // people take longer than the loop's simulated team: two minutes to answer
        JobSpec loop = SpecLoader.loadNamed("loop-fraud")
                .mapModels(m -> m.withPolicy(m.policy().toBuilder().reviewDeadlineMs(120_000L).build()));
        // appeals open for ten minutes, reviewed within two
        JobSpec base = tweak.apply(loop.withReview(loop.review().withAppeals(new io.triage.spec.AppealSpec(600_000L, 120_000L, 1))));
        topics = base.kafka().topics().prefixed(prefix);
        JobSpec s = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(prefix + "group"));
        kafka.createTopics(2, topics.all());
        keys = LocalKeys.provision(s, dir.resolve("keys"), reviewers);
        spec = keys.spec();
        tokensFile = dir.resolve("tokens.properties");
        tokens = ReviewerTokens.write(tokensFile, reviewers);
        StreamExecutionEnvironment env = LocalFlink.environment(spec, dir.resolve("checkpoints"), 2, -1);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name()), FaultHooks.none())
                .build(env);
        job = env.executeAsync(spec.name());
        replayer = new RecordReplayer(kafka.bootstrapServers(), topics.records(), new TransactionsGenerator(21), rate, records);
        feeder = new Thread(replayer, "replayer");
        feeder.start();
        gateway = startGateway();
    }

    Gateway startGateway() {
        return Gateway.start(spec, keys.keys(), ReviewerTokens.load(tokensFile), settings);
    }

    String truth(String recordId) {
        return replayer.truth().get(recordId);
    }

    /** Record id → annotator of the committed LABELED events, once they hold every key of {@code expected}. */
    Map<String, String> committedLabels(Map<String, String> expected, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        Map<String, String> labeled = new HashMap<>();
        while (true) {
            labeled.clear();
            for (JsonNode e : outputs().audit) {
                if ("LABELED".equals(e.path("type").asText())) labeled.put(e.path("recordId").asText(), e.path("annotator").asText());
            }
            if (labeled.keySet().containsAll(expected.keySet()) || System.nanoTime() > until) return labeled;
            Thread.sleep(1_000);
        }
    }

    CommittedOutputs outputs() {
        return CommittedOutputs.read(kafka.bootstrapServers(), topics);
    }

    @Override
    public void close() throws Exception {
        try {
            if (gateway != null) gateway.close();
            replayer.close();
            feeder.join(10_000);
        } finally {
            LocalFlink.cancel(job);
        }
    }
}
