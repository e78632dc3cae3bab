package io.triage.e2e;

import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.EmbeddedKafka;
import io.triage.local.LocalFlink;
import io.triage.local.RecordReplayer;
import io.triage.local.RecordStream;
import io.triage.local.ReviewTeam;
import io.triage.local.TopicTail;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.spec.JobSpec;
import io.triage.spec.TopicsSpec;
import io.triage.testhooks.FaultHooks;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One end-to-end run: the job on a local MiniCluster against the broker, a replayer, a simulated review
 * team; waits until every record has a committed decision, then cancels the job.
 */
final class LoopRun {
    final JobSpec spec;
    final Map<String, String> truth;
    final long records;

    private LoopRun(JobSpec spec, Map<String, String> truth, long records) {
        this.spec = spec;
        this.truth = truth;
        this.records = records;
    }

    /** What a test does with the job still running once every record is decided (e.g. send late outcomes). */
    @FunctionalInterface
    interface WhileRunning {
        void accept(JobSpec spec, Map<String, String> truth) throws Exception;
    }

    static LoopRun run(EmbeddedKafka kafka, JobSpec base, String prefix, RecordStream stream, long records,
                       double rate, ReviewTeam.Settings team, FaultHooks hooks, Path checkpoints,
                       Duration timeout) throws Exception {
        return run(kafka, base, prefix, stream, records, rate, team, hooks, checkpoints, timeout, null);
    }

    static LoopRun run(EmbeddedKafka kafka, JobSpec base, String prefix, RecordStream stream, long records,
                       double rate, ReviewTeam.Settings team, FaultHooks hooks, Path checkpoints,
                       Duration timeout, WhileRunning afterDecided) throws Exception {
        TopicsSpec topics = base.kafka().topics().prefixed(prefix);
        JobSpec spec = base.withKafka(base.kafka().withBootstrap(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId(prefix + "group"));
        spec = spec.withName(prefix + spec.name());
        kafka.createTopics(2, topics.all());
        // signed end to end: the team signs its labels, the job its review requests, the audit draw is keyed
        io.triage.local.LocalKeys.Provisioned keys = io.triage.local.LocalKeys.provision(spec,
                checkpoints.resolve("keys"), team.reviewers());
        spec = keys.spec();

        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpoints, 2, -1);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name()), hooks).build(env);
        JobClient job = env.executeAsync(spec.name());
        RecordReplayer replayer = new RecordReplayer(kafka.bootstrapServers(), topics.records(), stream, rate, records);
        try (replayer;
             ReviewTeam reviewers = new ReviewTeam(kafka.bootstrapServers(), topics.reviewRequests(), topics.labels(),
                     team, id -> replayer.truth().get(id), keys.keys()).withConsensus(spec.review().consensus()).start();
             TopicTail decisions = new TopicTail(kafka.bootstrapServers(), topics.decisions())) {
            Thread feeder = new Thread(replayer, "replayer");
            feeder.start();
            Set<String> decided = new HashSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (decided.size() < records && System.nanoTime() < deadline) {
                for (String d : decisions.poll(Duration.ofMillis(500))) decided.add(io.triage.local.RecordIds.field(d, "recordId"));
            }
            feeder.join(10_000);
            if (decided.size() < records) {
                throw new AssertionError("only " + decided.size() + " of " + records + " records decided within "
                        + timeout + " (replayer sent " + replayer.sent() + ", reviewers answered "
                        + reviewers.answered() + ")");
            }
            // a little longer, so that a duplicate committed late would be seen too
            Thread.sleep(2 * spec.checkpointIntervalOrDefault());
            if (afterDecided != null) afterDecided.accept(spec, replayer.truth());
        } finally {
            LocalFlink.cancel(job);
        }
        return new LoopRun(spec, replayer.truth(), records);
    }

    CommittedOutputs outputs(EmbeddedKafka kafka) {
        return CommittedOutputs.read(kafka.bootstrapServers(), spec.kafka().topics());
    }
}
