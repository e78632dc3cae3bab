package io.triage.gateway;

import io.triage.event.AppealContext;
import io.triage.event.DecisionSource;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;

/** Review requests of the model {@code fraud} (classes fraud, ok), as the job writes them. */
final class Items {
    static final long DEADLINE = 600_000;

    private Items() {}

    static ReviewRequest review(String id, Route route) {
        return new ReviewRequest(id, "fraud", 0, "{\"amount\":12.5,\"country\":\"NL\"}", new int[0], new double[0],
                "fraud", new String[] {"fraud", "ok"}, new double[] {0.97, 0.03}, 0.97, route, 0.1, DEADLINE, 3, 1,
                route == Route.AUDIT ? 20.0 : 1.0, 100, "sig");
    }

    /** An appeal of alice's decision {@code ok} of the record. */
    static ReviewRequest appeal(String id) {
        return new ReviewRequest(id, "fraud", 0, "{\"amount\":99.0,\"country\":\"DE\"}", new int[0], new double[0],
                "fraud", new String[] {"fraud", "ok"}, new double[] {0.8, 0.2}, 0.8, Route.APPEAL, 1.0, DEADLINE, 3, 1,
                1.0, 200, "sig", new AppealContext("case-17", "I did make this payment", "customer-9", "ok",
                DecisionSource.HUMAN, "alice", 150));
    }
}
