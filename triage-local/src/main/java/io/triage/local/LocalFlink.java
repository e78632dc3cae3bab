package io.triage.local;

import io.triage.config.JobConfiguration;
import io.triage.spec.JobSpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/** A local Flink MiniCluster for the demo and the end-to-end tests, on loopback only. */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * The environment with Triage's settings, checkpoints under {@code checkpointDir}, and (when
     * {@code webUiPort} ≥ 0) the Flink web UI on localhost (0 = any free port). With -1 no port is asked for, but
     * a MiniCluster always runs its REST endpoint: it binds a random loopback port that nothing announces, and
     * serves the dashboard there too while flink-runtime-web is on the classpath (as in the demo).
     */
    public static StreamExecutionEnvironment environment(JobSpec spec, Path checkpointDir, int parallelism, int webUiPort) {
        return environment(spec, checkpointDir, parallelism, webUiPort, null);
    }

    /** As above, restoring the job from a savepoint or retained checkpoint when {@code restoreFrom} is set. */
    public static StreamExecutionEnvironment environment(JobSpec spec, Path checkpointDir, int parallelism, int webUiPort,
                                                         String restoreFrom) {
        return environment(spec, checkpointDir, parallelism, webUiPort, restoreFrom, new Configuration());
    }

    /** As above, with {@code overrides} taking the place of a cluster's own config.yaml (e.g. a restart strategy). */
    public static StreamExecutionEnvironment environment(JobSpec spec, Path checkpointDir, int parallelism, int webUiPort,
                                                         String restoreFrom, Configuration overrides) {
        Configuration local = new Configuration(overrides);
        // this machine is the cluster: where the spec leaves the interval to it, outputs show every 2 s
        if (spec.checkpointIntervalMs() == null && !local.containsKey("execution.checkpointing.interval")) {
            local.setString("execution.checkpointing.interval", "2 s");
        }
        Configuration c = JobConfiguration.forJob(spec, local);
        c.addAll(local);
        c.setString("execution.checkpointing.storage", "filesystem");
        c.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        c.setString("rest.bind-address", "127.0.0.1");
        c.setString("rest.address", "127.0.0.1");
        c.setString("jobmanager.bind-host", "127.0.0.1");
        c.setString("taskmanager.bind-host", "127.0.0.1");
        c.setString("taskmanager.host", "127.0.0.1");
        c.setString("rest.port", Integer.toString(Math.max(0, webUiPort)));
        c.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(4, parallelism)));
        c.setString("parallelism.default", Integer.toString(parallelism));
        c.setString("taskmanager.memory.managed.size", "256m");
        if (restoreFrom != null) c.setString("execution.state-recovery.path", restoreFrom);
        StreamExecutionEnvironment env = webUiPort >= 0
                ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(c)
                : StreamExecutionEnvironment.createLocalEnvironment(parallelism, c);
        env.setParallelism(parallelism);
        return env;
    }

    /** Cancels a job and waits for it to end, ignoring a job that already ended. */
    public static void cancel(JobClient job) {
        try {
            job.cancel().get();
            job.getJobExecutionResult().exceptionally(t -> null).get();
        } catch (Exception e) {
            // already finished or failed: nothing to cancel
        }
    }
}
