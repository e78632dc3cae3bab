package io.triage.local;

/**
 * One replayed input record: {@code json} as the job reads it from Kafka, and {@code truth}, the true
 * class, which only simulated annotators may see.
 */
public record LabeledRecord(String json, String truth) {
}
