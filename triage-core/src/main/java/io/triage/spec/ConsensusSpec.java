package io.triage.spec;

import io.triage.event.Route;

import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many human labels, by distinct annotators, a review request needs before it is decided, by route
 * ({@code {"audit": 3, "review": 1}}; a route not named needs 1), and how they decide. One label for everything
 * (the default) is the single-annotator review. A model listed under {@code models} uses its own setting
 * instead of the job-wide one.
 *
 * @param labels labels needed per route name (audit, review, cold_start, active, stale); appeals always take one
 * @param rule   majority (default), unanimous or weighted
 * @param models per model id, a setting that replaces the job-wide one
 */
public record ConsensusSpec(Map<String, Integer> labels, ConsensusRule rule, Map<String, ModelConsensus> models)
        implements Serializable {
    public ConsensusSpec {
        labels = normalized(labels);
        rule = rule == null ? ConsensusRule.MAJORITY : rule;
        models = models == null ? Map.of() : new LinkedHashMap<>(models);
    }

    /** A model's own consensus setting (see {@link ConsensusSpec}). */
    public record ModelConsensus(Map<String, Integer> labels, ConsensusRule rule) implements Serializable {
        public ModelConsensus {
            labels = normalized(labels);
            rule = rule == null ? ConsensusRule.MAJORITY : rule;
        }
    }

    public static ConsensusSpec defaults() {
        return new ConsensusSpec(null, null, null);
    }

    /** Labels a request of {@code model} routed by {@code route} needs (1 unless configured; appeals always 1). */
    public int labelsNeeded(String model, Route route) {
        if (route == null || route == Route.APPEAL || route == Route.AUTO) return 1;
        ModelConsensus own = models.get(model);
        Map<String, Integer> l = own != null ? own.labels() : labels;
        return l.getOrDefault(route.name().toLowerCase(Locale.ROOT), 1);
    }

    public ConsensusRule rule(String model) {
        ModelConsensus own = models.get(model);
        return own != null ? own.rule() : rule;
    }

    /** Whether any request may need more than one label. */
    public boolean enabled() {
        return labels.values().stream().anyMatch(n -> n > 1)
                || models.values().stream().anyMatch(m -> m.labels().values().stream().anyMatch(n -> n > 1));
    }

    private static Map<String, Integer> normalized(Map<String, Integer> labels) {
        Map<String, Integer> n = new LinkedHashMap<>();
        if (labels != null) labels.forEach((k, v) -> n.put(k == null ? null : k.trim().toLowerCase(Locale.ROOT), v));
        return n;
    }

    void validate(Problems p, Collection<String> modelIds) {
        checkLabels(p, "review.consensus.labels", labels);
        models.forEach((id, m) -> {
            p.check(modelIds.contains(id), "review.consensus.models." + id, "is not a model of this job");
            p.check(m != null, "review.consensus.models." + id, "needs a setting");
            if (m != null) checkLabels(p, "review.consensus.models." + id + ".labels", m.labels());
        });
    }

    private static void checkLabels(Problems p, String path, Map<String, Integer> labels) {
        labels.forEach((route, n) -> {
            boolean known = false;
            for (Route r : Route.values()) {
                if (r != Route.AUTO && r != Route.APPEAL && r.name().toLowerCase(Locale.ROOT).equals(route)) known = true;
            }
            p.check(known, path + "." + route, "is not a human route (audit, review, cold_start, active, stale)");
            // more would hold a request open for more annotators than any team has
            p.check(n != null && n >= 1 && n <= 9, path + "." + route, "must be in [1, 9], was " + n);
        });
    }
}
