package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.Route;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by model id: per-window metrics derived from the audit trail (routes, labels, expiries) and the
 * model version log (threshold, estimates, drift alarms). A window closes every {@code every} scored
 * records, or after {@code idleMs} without a close so a slow or ending stream still reports.
 */
public class MetricsAggregator extends KeyedCoProcessFunction<String, AuditEvent, ModelPublished, Metrics> {
    private final int every;
    private final long idleMs;
    private transient ValueState<MetricsState> state;
    private transient ValueState<Long> flushAt;

    public MetricsAggregator(int every, long idleMs) {
        this.every = every;
        this.idleMs = idleMs;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("metrics", TypeInformation.of(MetricsState.class)));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flushAt", TypeInformation.of(Long.class)));
    }

    @Override
    public void processElement1(AuditEvent e, Context ctx, Collector<Metrics> out) throws Exception {
        MetricsState s = current();
        switch (e.type()) {
            case SCORED -> {
                boolean auto = e.route() == Route.AUTO;
                s = new MetricsState(s.window(), s.records() + 1, s.auto() + (auto ? 1 : 0),
                        s.toReview() + (auto ? 0 : 1), s.audited() + (e.route() == Route.AUDIT ? 1 : 0), s.labeled(),
                        s.agreed(), s.auditLabeled(), s.auditAgreed(), s.expired(), s.latencySum(),
                        s.totalRecords() + 1, s.totalToReview() + (auto ? 0 : 1), s.totalOutcomes(), s.labelsApplied(),
                        s.modelVersion(), s.threshold(), s.auditRate(), s.estimatedPrecision(),
                        s.precisionLowerBound(), s.prequentialAccuracy(), s.driftAlarms());
            }
            case LABELED -> {
                boolean agreed = e.label() != null && e.label().equals(e.predicted());
                boolean audit = e.route() == Route.AUDIT;
                s = new MetricsState(s.window(), s.records(), s.auto(), s.toReview(), s.audited(), s.labeled() + 1,
                        s.agreed() + (agreed ? 1 : 0), s.auditLabeled() + (audit ? 1 : 0),
                        s.auditAgreed() + (audit && agreed ? 1 : 0), s.expired(),
                        s.latencySum() + (Double.isNaN(e.value()) ? 0 : e.value()), s.totalRecords(), s.totalToReview(),
                        s.totalOutcomes() + 1, s.labelsApplied(), s.modelVersion(), s.threshold(), s.auditRate(),
                        s.estimatedPrecision(), s.precisionLowerBound(), s.prequentialAccuracy(), s.driftAlarms());
            }
            case EXPIRED -> s = new MetricsState(s.window(), s.records(), s.auto(), s.toReview(), s.audited(),
                    s.labeled(), s.agreed(), s.auditLabeled(), s.auditAgreed(), s.expired() + 1, s.latencySum(),
                    s.totalRecords(), s.totalToReview(), s.totalOutcomes() + 1, s.labelsApplied(), s.modelVersion(),
                    s.threshold(), s.auditRate(), s.estimatedPrecision(), s.precisionLowerBound(),
                    s.prequentialAccuracy(), s.driftAlarms());
            default -> {
                return;
            }
        }
        state.update(s);
        long now = ctx.timerService().currentProcessingTime();
        if (s.records() >= every) {
            emit(ctx.getCurrentKey(), s, now, out);
        } else if (flushAt.value() == null) {
            flushAt.update(now + idleMs);
            ctx.timerService().registerProcessingTimeTimer(now + idleMs);
        }
    }

    @Override
    public void processElement2(ModelPublished p, Context ctx, Collector<Metrics> out) throws Exception {
        MetricsState s = current();
        if (p.version() < s.modelVersion()) return;
        state.update(new MetricsState(s.window(), s.records(), s.auto(), s.toReview(), s.audited(), s.labeled(),
                s.agreed(), s.auditLabeled(), s.auditAgreed(), s.expired(), s.latencySum(), s.totalRecords(),
                s.totalToReview(), s.totalOutcomes(), p.labelsApplied(), p.version(), p.threshold(), p.auditRate(),
                p.estimatedPrecision(), p.precisionLowerBound(), p.prequentialAccuracy(), p.driftAlarms()));
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Metrics> out) throws Exception {
        Long at = flushAt.value();
        if (at == null || ts < at) return;
        MetricsState s = current();
        if (s.records() + s.labeled() + s.expired() > 0) emit(ctx.getCurrentKey(), s, ts, out);
        else flushAt.clear();
    }

    private MetricsState current() throws Exception {
        MetricsState s = state.value();
        return s == null ? MetricsState.empty() : s;
    }

    private void emit(String model, MetricsState s, long now, Collector<Metrics> out) throws Exception {
        out.collect(new Metrics(model, s.window(), s.records(), s.auto(), s.toReview(), s.audited(),
                s.labeled(), s.expired(), ratio(s.auto(), s.records()), ratio(s.agreed(), s.labeled()),
                ratio(s.auditAgreed(), s.auditLabeled()), s.totalToReview() - s.totalOutcomes(), s.totalRecords(),
                s.labelsApplied(), s.modelVersion(), s.threshold(), s.auditRate(), s.estimatedPrecision(),
                s.precisionLowerBound(), s.prequentialAccuracy(), s.driftAlarms(),
                s.labeled() == 0 ? Double.NaN : s.latencySum() / s.labeled(), now));
        state.update(new MetricsState(s.window() + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, s.totalRecords(),
                s.totalToReview(), s.totalOutcomes(), s.labelsApplied(), s.modelVersion(), s.threshold(), s.auditRate(),
                s.estimatedPrecision(), s.precisionLowerBound(), s.prequentialAccuracy(), s.driftAlarms()));
        flushAt.clear();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
