package io.triage.config;

import io.triage.spec.JobSpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Flink settings of a Triage job. Its invariants (RocksDB, exactly-once checkpoints, no Kryo) are always
 * set; the checkpoint interval and timeout only where the spec, or else the cluster, sets none; a restart strategy
 * only where the cluster's own configuration has none — exponential delay up to a minute,
 * never giving up, so a long broker outage is waited out instead of ending the job after a fixed number of tries.
 * <p>
 * {@link #problems} checks that the Kafka transaction timeout outlasts a recovery: a transaction pre-committed
 * at a checkpoint is committed only when the job learns the checkpoint completed, which after a failure is once
 * it has restarted and restored. If the broker aborts it first, its records are gone while the source offsets
 * are already past them.
 */
public final class JobConfiguration {
    /** Time a restore of RocksDB state and the restart of every task may take, on top of detection and backoff. */
    public static final Duration RESTORE_ALLOWANCE = Duration.ofMinutes(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private static final ConfigOption<String> RESTART_TYPE = ConfigOptions.key("restart-strategy.type").stringType()
            .noDefaultValue();
    private static final ConfigOption<Duration> CHECKPOINT_TIMEOUT = ConfigOptions
            .key("execution.checkpointing.timeout").durationType().defaultValue(Duration.ofMinutes(10));
    private static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions
            .key("execution.checkpointing.interval").durationType().noDefaultValue();
    private static final ConfigOption<Duration> HEARTBEAT_TIMEOUT = ConfigOptions.key("heartbeat.timeout")
            .durationType().defaultValue(Duration.ofSeconds(50));
    private static final ConfigOption<Duration> FIXED_DELAY = ConfigOptions.key("restart-strategy.fixed-delay.delay")
            .durationType().defaultValue(Duration.ofSeconds(1));
    private static final ConfigOption<Duration> RATE_DELAY = ConfigOptions
            .key("restart-strategy.failure-rate.delay").durationType().defaultValue(Duration.ofSeconds(1));
    private static final ConfigOption<Duration> EXP_MAX = ConfigOptions
            .key("restart-strategy.exponential-delay.max-backoff").durationType().defaultValue(Duration.ofMinutes(1));

    private static final ConfigOption<Boolean> BLOOM_FILTER = ConfigOptions
            .key("state.backend.rocksdb.use-bloom-filter").booleanType().defaultValue(false);
    private static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOptions.key("pipeline.max-parallelism")
            .intType().noDefaultValue();
    /** Key groups when the cluster sets none: room to scale to 128 subtasks. */
    static final int MAX_PARALLELISM_DEFAULT = 128;

    private JobConfiguration() {}

    /** The job's settings on top of {@code cluster} (what the cluster configures stays unless it is an invariant). */
    public static Configuration forJob(JobSpec spec, ReadableConfig cluster) {
        Configuration c = new Configuration();
        c.setString("state.backend.type", "rocksdb");
        c.setString("execution.checkpointing.incremental", "true");
        // most state reads ask for a key that is not there (each new record id in the dedupe, each new request in the
        // LabelJoiner), and every checkpoint flushes a small file: a bloom filter per file answers those reads
        // without searching each of them. Only the files' format changes; state and savepoints stay as they are
        if (cluster.getOptional(BLOOM_FILTER).isEmpty()) c.setString(BLOOM_FILTER.key(), "true");
        // the interval is the cluster's unless the spec sets one; a job without checkpoints would commit nothing
        if (spec.checkpointIntervalMs() != null) {
            c.setString("execution.checkpointing.interval", spec.checkpointIntervalMs() + " ms");
        } else if (cluster.getOptional(CHECKPOINT_INTERVAL).isEmpty()) {
            c.setString("execution.checkpointing.interval", JobSpec.DEFAULT_CHECKPOINT_INTERVAL_MS + " ms");
        }
        c.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        c.setString("pipeline.generic-types", "false");
        // keyed state is split into max-parallelism key groups: fixed here, rescaling later keeps every savepoint
        // restorable (Flink's default depends on the first parallelism, and changing it orphans the state)
        if (cluster.getOptional(MAX_PARALLELISM).isEmpty()) c.setString("pipeline.max-parallelism", Integer.toString(MAX_PARALLELISM_DEFAULT));
        // shown in the web UI's job configuration: which spec and promise this job runs
        c.setString("pipeline.global-job-parameters", jobParameters(spec));
        // Triage's checkpoints are small: a checkpoint stuck for minutes is a failure, and a shorter timeout
        // shortens the worst recovery the Kafka transactions must outlast
        if (cluster.getOptional(CHECKPOINT_TIMEOUT).isEmpty()) c.setString("execution.checkpointing.timeout", "5 min");
        if (cluster.getOptional(RESTART_TYPE).isEmpty()) {
            c.setString("restart-strategy.type", "exponential-delay");
            c.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
            c.setString("restart-strategy.exponential-delay.max-backoff", MAX_BACKOFF.toSeconds() + " s");
            c.setString("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
            c.setString("restart-strategy.exponential-delay.reset-backoff-threshold", "1 h");
            c.setString("restart-strategy.exponential-delay.jitter-factor", "0.1");
            c.setString("restart-strategy.exponential-delay.attempts-before-reset-backoff",
                    Integer.toString(Integer.MAX_VALUE));
        }
        return c;
    }

    /** "key:value,…" of the spec's name, checkpoint interval and each model's mode, target and audit rate. */
    static String jobParameters(JobSpec spec) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("triage.spec", spec.name());
        p.put("triage.checkpointIntervalMs", spec.checkpointIntervalMs() == null ? "cluster"
                : Long.toString(spec.checkpointIntervalMs()));
        for (var m : spec.models()) {
            p.put("triage.model." + m.id() + ".mode", m.policy().mode().name().toLowerCase(java.util.Locale.ROOT));
            p.put("triage.model." + m.id() + ".targetPrecision", Double.toString(m.policy().targetPrecision()));
            p.put("triage.model." + m.id() + ".auditRate", Double.toString(m.policy().auditRate()));
        }
        StringBuilder b = new StringBuilder();
        // Flink's map syntax: quote what holds a separator
        p.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(quote(k)).append(':').append(quote(v)));
        return b.toString();
    }

    private static String quote(String s) {
        return s.matches("[^,:'\"]*") ? s : "'" + s.replace("'", "''") + "'";
    }

    /** The longest a failed job may take before it commits again: detection, backoff, restore, one checkpoint. */
    public static Duration recoveryBound(ReadableConfig effective) {
        Duration interval = effective.getOptional(CHECKPOINT_INTERVAL).orElse(Duration.ZERO);
        return interval.plus(effective.get(CHECKPOINT_TIMEOUT)).plus(effective.get(HEARTBEAT_TIMEOUT))
                .plus(restartDelay(effective)).plus(RESTORE_ALLOWANCE);
    }

    /** What is wrong with running a spec under the effective configuration (empty: nothing). */
    public static List<String> problems(JobSpec spec, ReadableConfig effective) {
        List<String> p = new ArrayList<>();
        Duration bound = recoveryBound(effective);
        long timeout = spec.kafka().transactionTimeoutMs();
        if (timeout < bound.toMillis()) {
            p.add("kafka.transactionTimeoutMs: " + timeout + " ms is shorter than a recovery may take (" + bound.toMillis()
                    + " ms = checkpoint interval + execution.checkpointing.timeout + heartbeat.timeout + the longest "
                    + "restart delay + " + RESTORE_ALLOWANCE.toSeconds() + " s to restore): the broker would abort "
                    + "transactions a restarted job still has to commit, and their records would be lost. Raise it "
                    + "(and the broker's transaction.max.timeout.ms) or shorten those settings");
        }
        return p;
    }

    private static Duration restartDelay(ReadableConfig c) {
        String type = c.getOptional(RESTART_TYPE).orElse("exponential-delay").toLowerCase();
        return switch (type) {
            case "fixed-delay", "fixeddelay", "fixed_delay" -> c.get(FIXED_DELAY);
            case "failure-rate", "failurerate", "failure_rate" -> c.get(RATE_DELAY);
            case "none", "off", "disable" -> Duration.ZERO;
            default -> c.get(EXP_MAX);
        };
    }
}
