package io.triage.cli;

import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.local.chaos.ChaosRun;
import io.triage.spec.JobSpec;
import io.triage.spec.PolicySpec;
import io.triage.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** The long fault-injection suite: failures at random moments, then the exactly-once verification. */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stream records through the job with a live review team, inject operator failures and broker "
                + "restarts, and verify the committed outputs (exit 1 if anything was lost or duplicated).")
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "100000", description = "records (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--rate", defaultValue = "500", description = "records per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--failures", defaultValue = "20", description = "operator failures (default: ${DEFAULT-VALUE})")
    int failures;

    @Option(names = "--broker-restarts", defaultValue = "2", description = "Kafka broker restarts (default: ${DEFAULT-VALUE})")
    int brokerRestarts;

    @Option(names = "--seed", defaultValue = "1", description = "seed of records and failure schedule (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "give up after (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = chaosSpec();
        ChaosRun.Result r = new ChaosRun(new ChaosRun.Settings(spec, () -> new TransactionsGenerator(seed, records / 2, -1),
                records, rate, failures, brokerRestarts, ReviewTeam.Settings.of(4, 0.98, 5, 0.01, seed), seed, timeout),
                System.out).run();
        System.out.println(r.table());
        return r.report().ok() ? 0 : 1;
    }

    /** The fraud spec with a review deadline short enough for the run to end soon after the last record. */
    public static JobSpec chaosSpec() {
        JobSpec base = SpecLoader.loadNamed("fraud");
        return new JobSpec("chaos", base.kafka(), base.models(), base.review(), 1000L, base.metricsEvery(),
                base.maxRecordBytes()).mapModels(m -> m.withPolicy(new PolicySpec(null, 0.9, null,
                m.policy().auditRate(), 100.0, null, null, null, null, 20_000L, null, null, null, null)));
    }
}
