package io.triage.codec;

import java.util.Map;

/**
 * An input record as decoded from JSON, before feature extraction (not a stream type).
 *
 * @param features      feature name → String, Double, Boolean or null (insertion order kept)
 * @param featuresJson  the features object re-serialised canonically
 */
public record DecodedRecord(String id, String model, long ts, Map<String, Object> features, String featuresJson) {}
