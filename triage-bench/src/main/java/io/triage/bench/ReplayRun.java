package io.triage.bench;

import io.triage.policy.Threshold;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.event.InvalidInputException;
import io.triage.learn.LearnerCore;
import io.triage.path.RecordParser;
import io.triage.path.RecordOutcome;
import io.triage.path.RecordPath;
import io.triage.path.RecordRouter;
import io.triage.policy.StaleLease;
import io.triage.learn.LearningOutcome;
import io.triage.local.LabeledRecord;
import io.triage.local.RecordStream;
import io.triage.policy.AuditDraw;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import io.triage.policy.active.ActiveStrategies;
import io.triage.policy.active.ActiveStrategy;
import io.triage.security.KeyRing;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one stream through the job's own logic, without Flink: the record path ({@link RecordParser} as in
 * ParseRecords, {@link RecordPath} as in the Scorer), {@link LearnerCore}
 * as in the Learner, and a simulated oracle in place of the review queue and LabelJoiner. The Scorer
 * sees each new model version before the next record (as if broadcast instantly); label requests travel
 * through a {@link ReviewQueue} (reviewers' latency and capacity, a backlog, bursts at checkpoints).
 * Every routed record leaves a row in a {@link RecordLog}, from which the guarantee's windows, the hindsight
 * oracle and the recovery after change points are computed once the stream ends.
 * <p>
 * Guarantee mode: records the Router does not automate (review, audit, cold start) are labeled.
 * Budget mode: a record is labeled iff the active-learning strategy queries it, given the routing-time
 * class probabilities, and the label arrives at once; the automation threshold still runs but decides nothing.
 */
final class ReplayRun {
    private final BenchStream stream;
    private final RunConfig config;
    private final BenchOptions options;

    ReplayRun(BenchStream stream, RunConfig config, BenchOptions options) {
        this.stream = stream;
        this.config = config;
        this.options = options;
    }

    RunResult run() {
        return run(new RecordLog());
    }

    /** As {@link #run()}, filling {@code log} with one row per routed record (tests check windows against it). */
    RunResult run(RecordLog log) {
        ModelSpec spec = specFor(config, stream.spec());
        if (options.riskScope != null) spec = spec.withPolicy(spec.policy().toBuilder().riskScope(options.riskScope).build());
        String model = spec.id();
        FeatureSpace space = new FeatureSpace(spec);
        RecordParser parser = new RecordParser(1_000_000, model, List.of(spec));
        LearnerCore core = new LearnerCore(spec, space, config.policy());
        Oracle oracle = new Oracle(options.labelNoise, spec.classes());
        ActiveStrategy strategy = config.mode() == RunConfig.Mode.BUDGET
                ? ActiveStrategies.create(config.strategy(), config.level()) : null;
        boolean guarantee = strategy == null;
        // the job's audit draw: keyed by the same secret, the replay audits the same records the job does
        AuditDraw audits = AuditDraw.keyed(KeyRing.forFile(options.keysFile == null ? null
                : options.keysFile.toString()).auditKey());
        // the Scorer's path: guarantee mode, or budget mode with the strategy; the stale lease as the job's, the
        // record index standing for the clock
        RecordPath path = new RecordPath(new RecordRouter(audits, m -> strategy), StaleLease.of(List.of(spec)),
                m -> 0L);

        // budget mode stays comparable with MOA's prequential evaluation: every queried label arrives at once
        ReviewQueue<LabeledExample> queue = new ReviewQueue<>(guarantee ? options.reviews()
                : ReviewQueue.Settings.immediate(0));
        List<Long> alarms = new ArrayList<>();
        WindowStats all = new WindowStats(0);
        ModelSnapshot snap = null;
        double est = Double.NaN, lb = 0.0;
        long i = 0, requested = 0, labels = 0, invalid = 0;
        long t0 = System.nanoTime();
        try (RecordStream in = stream.open().get()) {
            while (i < stream.limit() && in.hasNext()) {
                LabeledRecord lr = in.next();
                Record d;
                try {
                    d = parser.parse(lr.json(), 0L);
                } catch (InvalidInputException e) {
                    // as the job would dead-letter it: skipped, and counted
                    if (invalid++ == 0) System.err.println(stream.name() + ": skipping invalid records (" + e.getMessage() + ")");
                    continue;
                }
                RecordOutcome taken = path.take(d, snap, i);
                Routing r = taken.routing();
                boolean correct = lr.truth().equals(r.predicted());
                boolean label = !taken.automated();
                boolean automated = guarantee && r.automated();
                all.record(correct, automated, lr.truth());
                log.add(r.predicted() != null, r.confidence(), correct, automated, label);
                if (label) {
                    all.labeled();
                    requested++;
                    queue.request(i, LabeledExample.answering(taken.review(), oracle.label(model, d.id(), lr.truth()),
                            "oracle", i), r.route() == Route.AUDIT);
                }
                // answers released by now reach the learner; each new version reaches the Scorer before the next record
                List<LabeledExample> released = queue.advance(i);
                log.addApplied(released.size());
                labels += released.size();
                for (LabeledExample ex : released) {
                    LearningOutcome o = core.learn(ex, i);
                    snap = o.snapshot();
                    path.policyUpdated(model);
                    est = o.published().estimatedPrecision();
                    lb = o.published().precisionLowerBound();
                    for (AuditEvent e : o.events()) {
                        if (e.type() == AuditType.DRIFT_DETECTED) {
                            all.alarm();
                            alarms.add(i);
                        }
                    }
                }
                i++;
            }
        }
        Map<Integer, List<WindowCheck>> checks = new LinkedHashMap<>();
        long[] recoveries = new long[0];
        if (guarantee) {
            for (int size : options.windows) checks.put(size, WindowCheck.of(log, size, config.level()));
            recoveries = Recovery.labels(log, stream.changePoints(), config.level());
        }
        if (invalid > 0) System.err.println(stream.name() + ": " + invalid + " invalid records skipped");
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new RunResult(config, all.result(est, lb, Threshold.display(core.threshold())), checks, recoveries,
                alarms.stream().mapToLong(Long::longValue).toArray(), stream.changePoints(), requested, labels,
                queue.expired(), stream.noiseCeiling(), seconds);
    }

    /** The stream's model spec with this run's target precision (guarantee mode) or budget and strategy. */
    static ModelSpec specFor(RunConfig c, ModelSpec base) {
        PolicySpec p = base.policy();
        return base.withPolicy(c.mode() == RunConfig.Mode.GUARANTEE ? p.withTargetPrecision(c.level())
                : p.withBudget(c.level(), c.strategy()));
    }

}
