package io.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.TriageJob;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.KafkaSources;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecException;
import io.triage.spec.SpecLoader;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class JobConfigurationTest {
    private static JobSpec spec(String kafka) {
        return SpecLoader.parse("""
                name: t
                checkpointIntervalMs: 5000
                %s
                models:
                  - id: m
                    classes: [a, b]
                """.formatted(kafka));
    }

    @Test
    void withoutAClusterSettingTheJobRestartsWithExponentialDelayAndNeverGivesUp() {
        Configuration c = TriageJob.configuration(spec(""));
        assertEquals("exponential-delay", c.getString("restart-strategy.type", null));
        assertEquals("60 s", c.getString("restart-strategy.exponential-delay.max-backoff", null));
        assertEquals(Integer.toString(Integer.MAX_VALUE),
                c.getString("restart-strategy.exponential-delay.attempts-before-reset-backoff", null));
    }

    @Test
    void theClustersRestartStrategyAndCheckpointTimeoutWin() {
        Configuration cluster = new Configuration();
        cluster.setString("restart-strategy.type", "fixed-delay");
        cluster.setString("execution.checkpointing.timeout", "2 min");
        Configuration c = JobConfiguration.forJob(spec(""), cluster);
        assertFalse(c.containsKey("restart-strategy.type"));
        assertFalse(c.containsKey("execution.checkpointing.timeout"));
        // the invariants are set whatever the cluster says
        assertEquals("EXACTLY_ONCE", c.getString("execution.checkpointing.mode", null));
        assertEquals("false", c.getString("pipeline.generic-types", null));
    }

    @Test
    void rocksDbFilesHaveBloomFiltersUnlessTheClusterSaysOtherwise() {
        assertEquals("true", TriageJob.configuration(spec("")).getString("state.backend.rocksdb.use-bloom-filter", null));
        Configuration cluster = new Configuration();
        cluster.setString("state.backend.rocksdb.use-bloom-filter", "false");
        assertFalse(JobConfiguration.forJob(spec(""), cluster).containsKey("state.backend.rocksdb.use-bloom-filter"));
    }

    /** The cluster's checkpoint interval wins unless the spec sets one; with neither, the job still checkpoints. */
    @Test
    void theCheckpointIntervalIsTheClustersUnlessTheSpecSetsOne() {
        JobSpec open = SpecLoader.parse("name: t\nmodels:\n  - id: m\n    classes: [a, b]\n");
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.interval", "30 s");
        assertFalse(JobConfiguration.forJob(open, cluster).containsKey("execution.checkpointing.interval"),
                "a spec that leaves it open takes the cluster's");
        assertEquals("5000 ms", JobConfiguration.forJob(spec(""), cluster)
                .getString("execution.checkpointing.interval", null), "a spec that sets it wins");
        assertEquals(JobSpec.DEFAULT_CHECKPOINT_INTERVAL_MS + " ms", JobConfiguration.forJob(open, new Configuration())
                .getString("execution.checkpointing.interval", null), "without either, the default");
        assertTrue(JobConfiguration.jobParameters(open).contains("triage.checkpointIntervalMs:cluster"),
                "the web UI says where it comes from: " + JobConfiguration.jobParameters(open));
    }

    @Test
    void maxParallelismIsFixedUnlessTheClusterSetsIt() {
        assertEquals("128", TriageJob.configuration(spec("")).getString("pipeline.max-parallelism", null));
        Configuration cluster = new Configuration();
        cluster.setString("pipeline.max-parallelism", "512");
        assertFalse(JobConfiguration.forJob(spec(""), cluster).containsKey("pipeline.max-parallelism"));
    }

    /** The web UI shows the job's global parameters: the spec and each model's promise. */
    @Test
    void theSpecAndItsPromiseAreGlobalJobParameters() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                TriageJob.configuration(SpecLoader.loadNamed("fraud")));
        java.util.Map<String, String> p = env.getConfig().getGlobalJobParameters().toMap();
        assertEquals("fraud", p.get("triage.spec"));
        assertEquals("0.95", p.get("triage.model.fraud.targetPrecision"));
        assertEquals("guarantee", p.get("triage.model.fraud.mode"));
        assertEquals("0.05", p.get("triage.model.fraud.auditRate"));
        assertEquals(128, env.getConfig().getMaxParallelism());
    }

    @Test
    void theDefaultTransactionTimeoutOutlastsTheRecoveryBound() {
        JobSpec s = spec("");
        assertEquals(900_000, s.kafka().transactionTimeoutMs());
        Configuration c = JobConfiguration.forJob(s, new Configuration());
        // 5 s interval + 5 min checkpoint timeout + 50 s heartbeat + 60 s backoff + 120 s restore
        assertEquals(Duration.ofSeconds(5 + 300 + 50 + 60 + 120), JobConfiguration.recoveryBound(c));
        assertTrue(JobConfiguration.problems(s, c).isEmpty());
        // a cluster with Flink's own 10 min checkpoint timeout and a 5 min fixed delay does not fit in 15 min
        Configuration slow = new Configuration(c);
        slow.setString("execution.checkpointing.timeout", "10 min");
        slow.setString("restart-strategy.type", "fixed-delay");
        slow.setString("restart-strategy.fixed-delay.delay", "5 min");
        List<String> p = JobConfiguration.problems(s, slow);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("kafka.transactionTimeoutMs: 900000 ms is shorter than a recovery may take"), p.get(0));
    }

    @Test
    void aJobWhoseTransactionsCouldExpireDuringARecoveryRefusesToStart() {
        // the previous default (2 min) was shorter than a TaskManager loss takes to recover
        JobSpec s = spec("kafka: {transactionTimeoutMs: 120000}");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TriageJob.configuration(s));
        SpecException e = assertThrows(SpecException.class,
                () -> new TriageJob(s, new KafkaSources(s.kafka()), new KafkaSinks(s.kafka(), s.name())).build(env));
        assertTrue(e.getMessage().contains("kafka.transactionTimeoutMs: 120000 ms"), e.getMessage());
    }
}
