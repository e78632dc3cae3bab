package io.triage.bench;

import io.triage.local.LocalFlink;
import io.triage.spec.JobSpec;
import io.triage.spec.KafkaSpec;
import io.triage.spec.TopicsSpec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/** Local MiniCluster environments (LocalFlink's) and drain timing. */
final class BenchEnv {
    private BenchEnv() {}

    static StreamExecutionEnvironment env(JobSpec spec, Path checkpoints, int parallelism, String restoreFrom) {
        return LocalFlink.environment(spec, checkpoints, parallelism, -1, restoreFrom);
    }

    /** A spec on the given broker with prefixed topics, its own group id and job name. */
    static JobSpec spec(JobSpec base, String bootstrap, String prefix) {
        TopicsSpec topics = TopicsSpec.defaults().prefixed(prefix);
        KafkaSpec k = base.kafka().withBootstrap(bootstrap).withTopics(topics).withGroupId(prefix + "group");
        JobSpec spec = base.withName(prefix + base.name()).withKafka(k);
        // signed as deployed (labels verified, review requests signed), with keys for the simulated reviewers
        try {
            return io.triage.local.LocalKeys.provision(spec, java.nio.file.Files.createTempDirectory("bench-keys-"),
                    io.triage.local.ReviewTeam.Settings.of(8, 1.0, 0, 0, 0).reviewers()).spec();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How fast a job drained a pre-filled batch, seen through its committed outputs. */
    /**
     * @param cpuMicrosPerRecord the whole process's CPU time (all jobs' threads, the in-process broker, the bench's
     *                           readers) between the first and the last visible commit, per record committed in
     *                           between: steadier than the rates on a shared machine, as it does not count waiting
     */
    record Drain(String name, long records, double secondsFromSubmit, double firstOutputSeconds,
                 double lastOutputSeconds, double wallRate, double steadyRate, double cpuMicrosPerRecord) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * Polls {@code committed} once a second (printing progress) until it reaches {@code n}.
     * wallRate = n / (time from submit to all committed), including job start-up;
     * steadyRate = records committed between the first and the last visible commit / that time.
     */
    static Drain drain(String name, JobClient job, long submitNanos, LongSupplier committed, long n, long timeoutSec)
            throws Exception {
        long deadline = submitNanos + timeoutSec * 1_000_000_000L;
        long firstAt = -1, firstCount = 0, lastCount = 0, lastTick = System.nanoTime();
        long lastChangeAt = -1, firstCpu = 0, lastChangeCpu = 0, seen = 0;
        while (true) {
            Thread.sleep(250);
            long now = System.nanoTime();
            long c = committed.getAsLong();
            long cpu = OS.getProcessCpuTime();
            if (c > 0 && firstAt < 0) {
                firstAt = now;
                firstCount = c;
                firstCpu = cpu;
            }
            if (c != seen) {
                lastChangeAt = now;
                lastChangeCpu = cpu;
                seen = c;
            }
            if (now - lastTick >= 1_000_000_000L || c >= n) {
                Results.log("  [%s %5.1fs] committed %,d / %,d (%,.0f rec/s)", name, (now - submitNanos) / 1e9, c, n,
                        (c - lastCount) / ((now - lastTick) / 1e9));
                lastTick = now;
                lastCount = c;
            }
            if (c >= n) {
                double total = (now - submitNanos) / 1e9;
                double steadySpan = (lastChangeAt - firstAt) / 1e9;
                double steady = steadySpan > 0 ? (c - firstCount) / steadySpan : Double.NaN;
                double cpuPerRecord = c > firstCount ? (lastChangeCpu - firstCpu) / 1e3 / (c - firstCount) : Double.NaN;
                return new Drain(name, n, total, (firstAt - submitNanos) / 1e9, (lastChangeAt - submitNanos) / 1e9,
                        n / total, steady, cpuPerRecord);
            }
            if (now > deadline) {
                throw new IllegalStateException(name + ": only " + c + " of " + n + " committed within " + timeoutSec + " s");
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException(name + ": job ended (" + job.getJobStatus().get() + ") after " + c + " of " + n);
            }
        }
    }
}
