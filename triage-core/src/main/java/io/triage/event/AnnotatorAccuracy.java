package io.triage.event;

import java.util.Map;
import java.util.TreeMap;

/**
 * The annotators' accuracies of one model as its Learner estimated them at its last refit
 * ({@code review.AnnotatorWeights}), broadcast with the model's versions: the Scorers put them on the review
 * requests a WEIGHTED consensus decides ({@code review.AccuracyStamp}). Arrays, like {@link ModelSnapshot}, so
 * that Flink keeps it in broadcast state without Kryo.
 *
 * @param model      model id
 * @param items      consensus items the estimates were fitted on: only grows, so a stale copy never replaces them
 * @param annotators sorted
 * @param accuracies parallel to {@code annotators}
 */
public record AnnotatorAccuracy(String model, long items, String[] annotators, double[] accuracies) {
    /** Annotator → accuracy, sorted. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < annotators.length; i++) m.put(annotators[i], accuracies[i]);
        return m;
    }
}
