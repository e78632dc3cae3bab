package io.triage.path;

import io.triage.event.Record;
import io.triage.event.ModelSnapshot;
import io.triage.policy.AuditDraw;
import io.triage.policy.BudgetRouter;
import io.triage.policy.Routing;
import io.triage.policy.Router;
import io.triage.policy.active.ActiveStrategy;

import java.util.function.Function;

/**
 * The second half of a record's path: a parsed record scored by its model's latest snapshot and routed — by the
 * promise ({@link Router}, with the job's audit draw) or, for a model in budget mode, by its active-learning
 * strategy ({@link BudgetRouter}). The Scorer, the replay and the verifier route through this.
 */
public final class RecordRouter {
    private final AuditDraw audits;
    private final Function<String, ActiveStrategy> budgetStrategies;

    /**
     * @param audits           the audit draw (keyed by the job secret in a deployment)
     * @param budgetStrategies the strategy of a model in budget mode, null for a model routed by the promise
     */
    public RecordRouter(AuditDraw audits, Function<String, ActiveStrategy> budgetStrategies) {
        this.audits = audits;
        this.budgetStrategies = budgetStrategies;
    }

    /** Every model routed by the promise. */
    public RecordRouter(AuditDraw audits) {
        this(audits, model -> null);
    }

    /** @param s the model's latest snapshot, null before the first */
    public Routing route(Record r, ModelSnapshot s) {
        ActiveStrategy strategy = budgetStrategies.apply(r.model());
        return strategy == null ? Router.route(r.model(), r.id(), r.indices(), r.values(), s, audits)
                : BudgetRouter.route(r.model(), r.id(), r.indices(), r.values(), s, strategy);
    }
}
