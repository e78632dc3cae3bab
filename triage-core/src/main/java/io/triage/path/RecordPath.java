package io.triage.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.ReviewFeatures;
import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.policy.Routing;
import io.triage.policy.StaleLease;

import java.util.function.ToLongFunction;

/**
 * A parsed record's way to its outcome: routed by its model's latest snapshot ({@link RecordRouter}), held back when
 * the model's {@link StaleLease} is spent, and turned into an automated decision or a review request with its
 * deadline. The Scorer, the replay and the verifier take records through this, so they cannot drift apart.
 */
public final class RecordPath {
    private final RecordRouter router;
    private final StaleLease leases;
    private final ToLongFunction<String> reviewDeadlineMs;
    private final ReviewExplainer explainer;

    /** Review requests without contributions (a replay, the verifier). */
    public RecordPath(RecordRouter router, StaleLease leases, ToLongFunction<String> reviewDeadlineMs) {
        this(router, leases, reviewDeadlineMs, null);
    }

    /**
     * @param router           the routing (the job's audit draw, budget strategies)
     * @param leases           how much may be automated without a policy update
     * @param reviewDeadlineMs per model, how long a review may take
     * @param explainer        the contributions a review request shows (null: none)
     */
    public RecordPath(RecordRouter router, StaleLease leases, ToLongFunction<String> reviewDeadlineMs,
                      ReviewExplainer explainer) {
        this.router = router;
        this.leases = leases;
        this.reviewDeadlineMs = reviewDeadlineMs;
        this.explainer = explainer;
    }

    /**
     * @param s   the model's latest snapshot, null before the first
     * @param now when it is decided or requested (epoch ms in the job; the record index in a replay)
     */
    public RecordOutcome take(Record r, ModelSnapshot s, long now) {
        Routing routing = leases.apply(r.model(), router.route(r, s));
        long version = s == null ? 0 : s.version();
        long policy = s == null ? 0 : s.policyVersion();
        AuditEvent scored = AuditEvent.of(AuditType.SCORED, r.id(), r.model(), version, policy, now)
                .withRoute(routing.route(), routing.predicted(), routing.confidence())
                .with(b -> b.labelWeight(routing.labelWeight()));
        if (routing.route() == Route.AUTO) {
            return new RecordOutcome(routing, scored, new Decision(r.id(), r.model(), routing.predicted(),
                    DecisionSource.AUTO, Route.AUTO, routing.predicted(), routing.confidence(), version, policy, null,
                    r.ts(), now, now), null);
        }
        // parsed once, only for a record that goes to review: the reviewer's copy and the explanation both read it
        JsonNode features = ReviewFeatures.parse(r.features());
        return new RecordOutcome(routing, scored, null, new ReviewRequest(r.id(), r.model(), r.ts(),
                features == null ? null : ReviewFeatures.bounded(features, ReviewFeatures.MAX_BYTES), // canonical JSON
                r.indices(), r.values(), routing.predicted(), routing.classes(), routing.scores(),
                routing.confidence(), routing.route(), routing.priority(), now + reviewDeadlineMs.applyAsLong(r.model()),
                version, policy, routing.labelWeight(), now, null, null,
                explainer == null ? null : explainer.explain(r, features, s, routing)));
    }

    /** A policy update of the model reached this path: its stale lease starts again. */
    public void policyUpdated(String model) {
        leases.renew(model);
    }
}
