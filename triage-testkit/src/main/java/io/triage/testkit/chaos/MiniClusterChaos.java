package io.triage.testkit.chaos;

import io.triage.testhooks.FaultSwitch;
import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.local.LocalFlink;
import org.apache.flink.configuration.Configuration;
import io.triage.spec.JobSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The job on a Flink MiniCluster in this JVM: the operators run in this process's threads, so the static
 * {@link FaultSwitch} reaches them. What {@code FaultInjectionIT} and {@code triage chaos} use by default.
 */
public final class MiniClusterChaos implements ChaosCluster {
    /** A trip normally follows within milliseconds; the wait only matters while the job is restarting. */
    private static final Duration TRIP_TIMEOUT = Duration.ofSeconds(30);

    private final Path checkpointDir;
    private final int parallelism;
    private JobClient job;

    public MiniClusterChaos(Path checkpointDir, int parallelism) {
        this.checkpointDir = checkpointDir;
        this.parallelism = parallelism;
    }

    @Override
    public String describe() {
        return "MiniCluster";
    }

    @Override
    public void submit(JobSpec spec) throws Exception {
        // faults come every few seconds: the production backoff (doubling up to a minute) would keep the job
        // down most of the run, so the chaos cluster restarts at once, as a cluster's config may choose
        Configuration restartAtOnce = new Configuration();
        restartAtOnce.setString("restart-strategy.type", "fixed-delay");
        restartAtOnce.setString("restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE));
        restartAtOnce.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamExecutionEnvironment env = LocalFlink.environment(spec, checkpointDir, parallelism, -1, null, restartAtOnce);
        new TriageJob(spec, new KafkaSources(spec.kafka()), new KafkaSinks(spec.kafka(), spec.name()),
                FaultSwitch.hooks()).build(env);
        job = env.executeAsync("triage-chaos");
    }

    @Override
    public boolean fail(FaultSwitch.Target target, FaultSwitch.Phase phase) throws InterruptedException {
        return FaultSwitch.inject(target, phase, TRIP_TIMEOUT);
    }

    @Override
    public void cancel() {
        if (job != null) LocalFlink.cancel(job);
    }

    @Override
    public void close() {
        cancel(); // the MiniCluster stops with its last job
    }
}
