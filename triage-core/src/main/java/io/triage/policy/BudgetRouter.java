package io.triage.policy;

import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.policy.active.ActiveDraw;
import io.triage.policy.active.ActiveStrategy;

/**
 * Budget mode routing: the model decides every record except those the active-learning strategy picks for
 * labeling within its budget (route ACTIVE). No precision promise is made in this mode; it serves
 * labeling-cost studies. The draw is fixed by the record id; the strategy's state (budget spent, threshold)
 * moves with each record, so replaying a routing needs the strategy state it saw.
 */
public final class BudgetRouter {
    private BudgetRouter() {}

    public static Routing route(String model, String recordId, int[] indices, double[] values, ModelSnapshot s,
                                ActiveStrategy strategy) {
        Routing scored = Router.route(model, recordId, indices, values, s);
        boolean query = strategy.query(scored.scores(), ActiveDraw.uniform(model, recordId));
        if (query) {
            return new Routing(Route.ACTIVE, scored.predicted(), scored.classes(), scored.scores(),
                    scored.confidence(), 1.0, scored.predicted() == null ? 0.5 : Router.uncertainty(scored.scores()));
        }
        if (scored.predicted() == null || scored.classes().length < 2) {
            // nothing to decide with: a human must, whatever the budget says
            return new Routing(Route.COLD_START, scored.predicted(), scored.classes(), scored.scores(),
                    scored.confidence(), 1.0, 0.5);
        }
        return new Routing(Route.AUTO, scored.predicted(), scored.classes(), scored.scores(), scored.confidence(),
                1.0, 0.0);
    }
}
