package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.policy.BudgetRouter;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import io.triage.policy.active.ActiveStrategies;
import io.triage.policy.active.ActiveStrategy;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicyMode;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores each record with the latest model of its id (broadcast state) and routes it: AUTO decisions go
 * out at once, the rest become review requests. Every record gets one SCORED audit event naming the
 * model and policy versions used, so the routing can be replayed. Models in budget mode route with their
 * active-learning strategy instead, whose state (budget spent) each subtask keeps in operator state.
 */
public class Scorer extends BroadcastProcessFunction<Record, ModelUpdate, Decision> implements CheckpointedFunction {
    public static final MapStateDescriptor<String, ModelSnapshot> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, TypeInformation.of(ModelSnapshot.class));

    private final Map<String, Long> deadlines = new HashMap<>();
    private final Map<String, ModelSpec> budgeted = new HashMap<>();
    private transient Map<String, ActiveStrategy> strategies;
    private transient ListState<StrategyEntry> strategyState;

    public Scorer(JobSpec spec) {
        for (ModelSpec m : spec.models()) {
            deadlines.put(m.id(), m.policy().reviewDeadlineMs());
            if (m.policy().mode() == PolicyMode.BUDGET) budgeted.put(m.id(), m);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        strategyState = ctx.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("active-strategies", TypeInformation.of(StrategyEntry.class)));
        strategies = new HashMap<>();
        for (StrategyEntry e : strategyState.get()) {
            ModelSpec m = budgeted.get(e.model());
            // a strategy changed by an upgrade starts afresh; after a rescale the first entry per model wins
            if (m != null && m.policy().strategy().equals(e.strategy()) && !strategies.containsKey(e.model())) {
                strategies.put(e.model(), ActiveStrategies.restore(e.strategy(),
                        ActiveStrategies.create(e.strategy(), m.policy().budget()).settings(), e.state()));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        strategyState.clear();
        for (Map.Entry<String, ActiveStrategy> e : strategies.entrySet()) {
            strategyState.add(new StrategyEntry(e.getKey(), e.getValue().name(), e.getValue().state()));
        }
    }

    private Routing route(Record r, ModelSnapshot s) {
        ModelSpec budget = budgeted.get(r.model());
        if (budget == null) return Router.route(r.model(), r.id(), r.indices(), r.values(), s);
        ActiveStrategy strategy = strategies.computeIfAbsent(r.model(),
                k -> ActiveStrategies.create(budget.policy().strategy(), budget.policy().budget()));
        return BudgetRouter.route(r.model(), r.id(), r.indices(), r.values(), s, strategy);
    }

    @Override
    public void processElement(Record r, ReadOnlyContext ctx, Collector<Decision> out) throws Exception {
        long now = ctx.currentProcessingTime();
        ModelSnapshot s = ctx.getBroadcastState(MODELS).get(r.model());
        Routing routing = route(r, s);
        long version = s == null ? 0 : s.version();
        long policy = s == null ? 0 : s.policyVersion();
        ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.SCORED, r.id(), r.model(), version, policy, now)
                .withRoute(routing.route(), routing.predicted(), routing.confidence())
                .withReason(null, routing.labelWeight()));
        if (routing.route() == Route.AUTO) {
            out.collect(new Decision(r.id(), r.model(), routing.predicted(), DecisionSource.AUTO, Route.AUTO,
                    routing.predicted(), routing.confidence(), version, policy, null, r.ts(), now, now));
        } else {
            ctx.output(Tags.REVIEW, new ReviewRequest(r.id(), r.model(), r.ts(), r.features(), r.indices(),
                    r.values(), routing.predicted(), routing.classes(), routing.scores(), routing.confidence(),
                    routing.route(), routing.priority(), now + deadlines.getOrDefault(r.model(), 600_000L),
                    version, policy, routing.labelWeight(), now));
        }
    }

    @Override
    public void processBroadcastElement(ModelUpdate u, Context ctx, Collector<Decision> out) throws Exception {
        BroadcastState<String, ModelSnapshot> state = ctx.getBroadcastState(MODELS);
        ModelSnapshot current = state.get(u.model());
        if (u.full() != null) {
            ModelSnapshot s = u.full();
            // versions only grow: a stale snapshot (e.g. re-sent after a restore) never replaces a newer one
            if (current == null || s.version() > current.version()
                    || (s.version() == current.version() && s.policyVersion() > current.policyVersion())) {
                state.put(s.model(), s);
            }
        } else if (current != null && current.version() == u.delta().baseVersion()) {
            state.put(u.model(), u.delta().applyTo(current));
        }
        // a delta on another base is ignored: the Scorer keeps serving the version it has (named in every
        // SCORED event) until the next whole model arrives
    }
}
