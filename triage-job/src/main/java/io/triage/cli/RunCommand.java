package io.triage.cli;

import io.triage.TriageJob;
import io.triage.config.JobConfiguration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import io.triage.kafka.FreshStartGuard;
import io.triage.kafka.KafkaSinks;
import io.triage.kafka.TransactionClashGuard;
import io.triage.kafka.KafkaSources;
import io.triage.testhooks.FaultDirectory;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.testhooks.FaultHooks;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import java.util.concurrent.Callable;

/**
 * Runs the job against a real Kafka on whatever Flink executes it: {@code flink run triage.jar run --spec …}
 * on a cluster (the cluster's config.yaml supplies checkpoint storage), or a local environment otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Triage job on a Flink cluster against a real Kafka (use with `flink run`).")
public final class RunCommand implements Callable<Integer> {
    private static final ConfigOption<String> HA_TYPE = ConfigOptions.key("high-availability.type").stringType()
            .noDefaultValue();

    @Option(names = "--spec", required = true, description = "job spec file, or a bundled name (flights, fraud, digits)")
    String spec;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "override a spec field, validated like the file (repeatable): "
                    + "--set models[0].policy.targetPrecision=0.97")
    java.util.List<String> set = new java.util.ArrayList<>();

    @Mixin
    KafkaOverrides kafka = new KafkaOverrides();

    // a path, never a key: the file must exist on every TaskManager (a mounted Secret), which reads it in open()
    @Option(names = "--keys-file", paramLabel = "PATH",
            description = "override the spec's review.keysFile (annotator keys and the job secret; see `triage keys`)")
    String keysFile;

    @Option(names = "--detached", description = "submit and return without waiting for the job to end")
    boolean detached;

    // Test hooks across processes: `triage chaos --standalone` submits the job with this option and fails
    // operators by creating files in DIR (io.triage.testhooks.FaultDirectory). Never needed in production;
    // without it the job has no hook at all.
    @Option(names = {"--test-hook-dir", "--fault-dir"}, paramLabel = "DIR",
            description = "test hooks, for fault-injection tests only (`triage chaos --standalone`): fail the Scorer, "
                    + "LabelJoiner or Learner when the chaos driver creates armed-SCORER|JOINER|LEARNER in DIR "
                    + "(a directory every TaskManager sees); off unless given")
    Path faultDir;

    @Option(names = "--allow-fresh-start", description = "start without restored state even though the decisions "
            + "topic already holds decisions (pending reviews of the earlier run are then never decided)")
    boolean allowFreshStart;

    @Override
    public Integer call() throws Exception {
        JobSpec s = kafka.apply(SpecLoader.loadNamed(spec, set));
        if (keysFile != null) s = s.withReview(s.review().withKeysFile(keysFile));
        // on a cluster (`flink run` sets FLINK_CONF_DIR) its config.yaml decides what the job leaves open
        Configuration cluster = System.getenv("FLINK_CONF_DIR") != null ? GlobalConfiguration.loadConfiguration()
                : new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobConfiguration.forJob(s, cluster));
        // a JobManager that fails over under HA recovers the job's own state, whatever this main sees
        boolean ha = !"none".equalsIgnoreCase(env.getConfiguration().getOptional(HA_TYPE).orElse("none"));
        Optional<String> refusal = FreshStartGuard.refusal(s.kafka(),
                env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH), allowFreshStart || ha,
                allowFreshStart || ha ? 0 : FreshStartGuard.decisionsWritten(s.kafka()));
        if (refusal.isEmpty() && !ha) {
            // watch for two checkpoints of any other job writing with our transactional ids
            refusal = TransactionClashGuard.clash(s.kafka(),
                    s.kafka().transactionalIdPrefix(s.name(), s.kafka().topics().decisions()),
                    env.getCheckpointConfig().getCheckpointInterval() > 0
                            ? Duration.ofMillis(2 * env.getCheckpointConfig().getCheckpointInterval() + 1_000)
                            : Duration.ofMillis(2 * s.checkpointIntervalOrDefault() + 1_000));
        }
        if (refusal.isPresent()) {
            System.err.println("triage run: refusing to start: " + refusal.get());
            return 3;
        }
        FaultHooks hooks = faultDir == null ? FaultHooks.none() : FaultDirectory.hooks(faultDir);
        new TriageJob(s, new KafkaSources(s.kafka()), new KafkaSinks(s.kafka(), s.name()), hooks).build(env);
        if (detached) {
            System.out.println("submitted job " + env.executeAsync("triage-" + s.name()).getJobID());
        } else {
            env.execute("triage-" + s.name());
        }
        return 0;
    }
}
