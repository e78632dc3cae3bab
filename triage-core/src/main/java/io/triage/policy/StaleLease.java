package io.triage.policy;

import io.triage.event.Route;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicyMode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much a scorer may automate on a policy it has not heard from since: past a model's lease an automated routing
 * becomes a review (route STALE), so a scorer that no longer hears from the learner (labels stopped, the learner is
 * behind) automates at most the lease before a human decides. Each policy update renews the lease. Counts are per
 * scorer instance, not checkpointed: after a restart the learner's next update arrives within the lease anyway.
 */
public final class StaleLease {
    private final Map<String, Long> leases;
    private final Map<String, long[]> automatedSinceUpdate = new HashMap<>();

    private StaleLease(Map<String, Long> leases) {
        this.leases = leases;
    }

    /** The leases the models' policies set; budget mode makes no promise, so its automation needs no lease. */
    public static StaleLease of(List<ModelSpec> models) {
        Map<String, Long> leases = new HashMap<>();
        for (ModelSpec m : models) {
            leases.put(m.id(), m.policy().mode() == PolicyMode.BUDGET ? 0L : m.policy().staleLease());
        }
        return new StaleLease(leases);
    }

    /** No lease at all (a replay of one routing from the snapshot that served it). */
    public static StaleLease none() {
        return new StaleLease(Map.of());
    }

    /** The routing, or a review of the same record when the model's lease is spent; counts what it automates. */
    public Routing apply(String model, Routing routing) {
        if (routing.route() != Route.AUTO) return routing;
        long lease = leases.getOrDefault(model, 0L);
        if (lease <= 0) return routing;
        long[] n = automatedSinceUpdate.computeIfAbsent(model, k -> new long[1]);
        if (n[0] >= lease) {
            return new Routing(Route.STALE, routing.predicted(), routing.classes(), routing.scores(),
                    routing.confidence(), 1.0, Router.uncertainty(routing.scores()));
        }
        n[0]++;
        return routing;
    }

    /** A policy update of the model reached this scorer: its lease starts again. */
    public void renew(String model) {
        automatedSinceUpdate.remove(model);
    }
}
