package io.triage.codec;

/**
 * A {@code records} message read by {@link RecordDecoder#read}, but its features (which went into the caller's
 * {@code FeatureValues}).
 *
 * @param featuresJson the features object's JSON as the message gave it; a review request canonicalises it
 *                     ({@link ReviewFeatures#bounded(String)}), so it is only done for records that go to review
 */
public record RecordHeader(String id, String model, long ts, String featuresJson) {}
