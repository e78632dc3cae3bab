package io.triage.policy;

import io.triage.event.Route;

/**
 * The routing of one record.
 *
 * @param route        where it goes
 * @param predicted    predicted class (null without a model)
 * @param classes      classes of the model version used (empty without a model)
 * @param scores       class probabilities, parallel to {@code classes}
 * @param confidence   probability of the predicted class (0 without a model)
 * @param labelWeight  inverse probability of human review (1/auditRate for audits, 1 otherwise)
 * @param priority     review priority in [0, 1] (audits first, then the more uncertain)
 */
public record Routing(Route route, String predicted, String[] classes, double[] scores, double confidence,
                      double labelWeight, double priority) {
    public boolean automated() {
        return route == Route.AUTO;
    }
}
