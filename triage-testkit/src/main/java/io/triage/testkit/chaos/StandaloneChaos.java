package io.triage.testkit.chaos;

import io.triage.testhooks.FaultDirectory;
import io.triage.testhooks.FaultSwitch;
import io.triage.testkit.cluster.StandaloneCluster;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.apache.flink.api.common.JobID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The job as a real deployment runs it: the shaded job jar uploaded to a standalone session cluster (a
 * JobManager and a TaskManager, each its own JVM; {@link StandaloneCluster}) and started through the REST API
 * with {@code run --spec … --test-hook-dir …}. The operators live in the TaskManager process, so operator failures
 * go through a {@link FaultDirectory}; and the TaskManager itself can be killed like a crashed machine.
 */
public final class StandaloneChaos implements ChaosCluster {
    /** Longer than on the MiniCluster: after a TaskManager kill the job is down until a new one registered. */
    private static final Duration TRIP_TIMEOUT = Duration.ofSeconds(90);

    private final Path flinkConf;
    private final Path jobJar;
    private final Path dir;
    private final int parallelism;
    private final FaultDirectory faults;
    private StandaloneCluster cluster;
    private JobID jobId;

    /**
     * @param flinkConf   the project's conf/ (config.yaml and log4j files the cluster's config derives from)
     * @param jobJar      the shaded job jar (target/triage-*.jar)
     * @param dir         where the cluster's config, logs, checkpoints and the fault files go
     * @param parallelism the job's parallelism (the TaskManager has two slots)
     */
    public StandaloneChaos(Path flinkConf, Path jobJar, Path dir, int parallelism) {
        this.flinkConf = flinkConf;
        this.jobJar = jobJar;
        this.dir = dir;
        this.parallelism = parallelism;
        this.faults = new FaultDirectory(dir.resolve("faults"));
    }

    @Override
    public String describe() {
        return "standalone cluster (JobManager and TaskManager JVMs)";
    }

    @Override
    public void submit(JobSpec spec) throws Exception {
        cluster = StandaloneCluster.start(flinkConf, dir.resolve("cluster"), Map.of(
                // smaller than conf/config.yaml's: broker, driver, JobManager and TaskManager share a small box
                "jobmanager.memory.process.size", "800m",
                "taskmanager.memory.process.size", "1280m",
                // restart at once, as the MiniCluster chaos does: with a fault every few seconds, conf/config.yaml's
                // exponential backoff (reset only after an hour) keeps the job down for most of the run
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE),
                "restart-strategy.fixed-delay.delay", "1 s",
                // a killed TaskManager is noticed within seconds, not the default 50 s
                "heartbeat.interval", "2000",
                "heartbeat.timeout", "8000"));
        try {
            cluster.rest().awaitTaskManagers(1, Duration.ofSeconds(120));
            // the spec travels as a file: the chaos spec is built in code, and `run` reads files
            Path specFile = Files.writeString(dir.resolve("chaos-spec.yaml"), SpecLoader.toYaml(spec));
            String jarId = cluster.rest().uploadJar(jobJar);
            jobId = cluster.rest().runJar(jarId, "io.triage.cli.Main", List.of("run", "--spec", specFile.toString(),
                    "--test-hook-dir", faults.dir().toString()), parallelism);
            cluster.rest().awaitRunning(jobId, Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new IllegalStateException("the job did not start on the standalone cluster; logs:\n"
                    + cluster.logTails(40), e);
        }
    }

    @Override
    public boolean fail(FaultSwitch.Target target, FaultSwitch.Phase phase) throws Exception {
        return faults.inject(target, phase, TRIP_TIMEOUT);
    }

    @Override
    public boolean canKillTaskManager() {
        return true;
    }

    @Override
    public long killTaskManager() throws Exception {
        return cluster.killAndReplaceTaskManager();
    }

    @Override
    public void checkAlive() {
        if (cluster != null) cluster.checkAlive();
    }

    @Override
    public void cancel() {
        if (cluster == null || jobId == null) return;
        try {
            cluster.rest().cancel(jobId, Duration.ofSeconds(60));
        } catch (Exception e) {
            // the processes are stopped in close() anyway
        }
    }

    @Override
    public void close() {
        if (cluster == null) return;
        cluster.close();
        if (cluster.anyAlive()) throw new IllegalStateException("a cluster process survived: " + cluster.pids());
    }
}
