package io.triage.learn;

import io.triage.feature.FeatureSpace;
import io.triage.spec.LearningSpec;
import org.tribuo.Tribuo;

/** How a model version was trained, as its {@code models} log entry says: the library, the objective, the settings. */
final class ModelProvenance {
    private ModelProvenance() {}

    static String of(LearningSpec l, FeatureSpace space) {
        // the Tribuo version the build depends on (a constant of the library), not one written by hand
        return "tribuo-" + Tribuo.VERSION + " LinearParameters+LogMulticlass+AdaGrad(lr=" + l.learningRate()
                + ",eps=" + l.epsilon() + ",decay=" + l.accumulatorDecay() + "/" + l.decayEvery() + ") D="
                + space.dimension() + " hashBits=" + l.hashBits() + " seed=" + l.seed();
    }
}
