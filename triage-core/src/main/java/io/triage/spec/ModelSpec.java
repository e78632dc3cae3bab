package io.triage.spec;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One served model.
 *
 * @param id        model id (the {@code model} field of records and labels)
 * @param classes   allowed classes; labels outside are rejected (empty: any class, learned as it appears)
 * @param features  feature schema: field name → numeric | categorical | text (undeclared fields are hashed)
 * @param learning  learner settings
 * @param policy    routing policy
 * @param drift     drift detection and response
 */
public record ModelSpec(String id, List<String> classes, Map<String, FieldType> features, LearningSpec learning,
                        PolicySpec policy, DriftSpec drift) implements Serializable {
    public ModelSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        features = features == null ? new LinkedHashMap<>() : new LinkedHashMap<>(features);
        learning = learning == null ? LearningSpec.defaults() : learning;
        policy = policy == null ? PolicySpec.defaults() : policy;
        drift = drift == null ? DriftSpec.defaults() : drift;
    }

    public ModelSpec withPolicy(PolicySpec p) {
        return new ModelSpec(id, classes, features, learning, p, drift);
    }

    void validate(Problems p, String path) {
        p.notBlank(id, path + ".id");
        p.check(classes.stream().distinct().count() == classes.size(), path + ".classes", "has duplicates");
        p.check(classes.size() != 1, path + ".classes", "needs at least 2 classes when given");
        features.forEach((k, v) -> p.check(v != null, path + ".features." + k,
                "needs a type (numeric, categorical, text)"));
        learning.validate(p, path + ".learning");
        policy.validate(p, path + ".policy");
        drift.validate(p, path + ".drift");
    }
}
