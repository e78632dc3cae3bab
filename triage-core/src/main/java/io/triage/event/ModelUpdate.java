package io.triage.event;

/**
 * One published version as broadcast to the Scorers: the whole snapshot (the first version, a new class,
 * and every so often so a Scorer can always resynchronise) or, usually, the delta from the previous one.
 * Exactly one of the two is set. With it, when they were just refitted or the version goes out whole, the
 * Learner's estimates of its annotators' accuracy (null otherwise).
 */
public record ModelUpdate(ModelSnapshot full, ModelDelta delta, AnnotatorAccuracy accuracy) {
    public static ModelUpdate full(ModelSnapshot s) {
        return new ModelUpdate(s, null, null);
    }

    public static ModelUpdate delta(ModelDelta d) {
        return new ModelUpdate(null, d, null);
    }

    /** This update carrying {@code a} (null: none). */
    public ModelUpdate withAccuracy(AnnotatorAccuracy a) {
        return new ModelUpdate(full, delta, a);
    }

    public String model() {
        return full != null ? full.model() : delta.model();
    }

    public long version() {
        return full != null ? full.version() : delta.version();
    }
}
