package io.triage.event;

/**
 * An input record after parsing and feature extraction.
 *
 * @param id        the record id (the join key of every later event)
 * @param model     the model id that serves it
 * @param ts        event time, epoch milliseconds
 * @param features  the record's features object as JSON, as its message gave it (a review request carries it
 *                  canonical: {@code codec.ReviewFeatures#bounded(String)})
 * @param indices   sparse feature vector: indices into the model's feature space, ascending
 * @param values    sparse feature vector: raw (unscaled) values, parallel to {@code indices}
 */
public record Record(String id, String model, long ts, String features, int[] indices, double[] values) {}
