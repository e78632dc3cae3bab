package io.triage.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.RecordDecoder;
import io.triage.codec.ReviewFeatures;
import io.triage.event.Contribution;
import io.triage.event.InvalidInputException;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureTerm;
import io.triage.policy.Contributions;
import io.triage.policy.Routing;
import io.triage.spec.ModelSpec;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contributions a review request shows its reviewer ({@link Contributions}). Only built with a request, never for
 * an automated record: the terms are extracted again, by name, from the request's copy of the features, so parsing
 * and routing stay as they are. Audits get none (they are blind: a reviewer shown why the model leans one way
 * would lean with it, and the audits are the unbiased sample the precision estimate rests on), nor do budget-mode
 * draws and appeals.
 */
public final class ReviewExplainer {
    private static final Set<Route> EXPLAINED = EnumSet.of(Route.REVIEW, Route.COLD_START, Route.STALE);
    private final Map<String, FeatureExtractor> extractors = new HashMap<>();

    public ReviewExplainer(List<ModelSpec> models) {
        for (ModelSpec m : models) extractors.put(m.id(), new FeatureExtractor(new FeatureSpace(m)));
    }

    /** @return the top contributions toward the routing's prediction, or null when there are none to show */
    public Contribution[] explain(Record r, ModelSnapshot s, Routing routing) {
        return explain(r, ReviewFeatures.parse(r.features()), s, routing);
    }

    /** As above, with the record's features already parsed ({@link ReviewFeatures#parse}; null: none). */
    public Contribution[] explain(Record r, JsonNode parsedFeatures, ModelSnapshot s, Routing routing) {
        FeatureExtractor fx = extractors.get(r.model());
        if (fx == null || s == null || routing.predicted() == null || !EXPLAINED.contains(routing.route())) return null;
        List<FeatureTerm> terms;
        try {
            Map<String, Object> features = RecordDecoder.featuresOf(parsedFeatures);
            features.remove(ReviewFeatures.NOTE); // the note of a cut copy is no feature
            terms = fx.terms(features);
        } catch (InvalidInputException e) {
            terms = List.of(); // cannot happen for a parsed record; all of it is then "other"
        }
        Contribution[] top = Contributions.top(s, r.indices(), r.values(), routing.predicted(), terms, Contributions.TOP);
        return top.length == 0 ? null : top;
    }
}
