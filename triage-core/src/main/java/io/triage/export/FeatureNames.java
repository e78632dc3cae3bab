package io.triage.export;

import io.triage.feature.FeatureSpace;

/**
 * Stable names for the feature space's indices in an exported model: {@code num:<field>} for a declared numeric
 * field, {@code h<bucket>} (zero-padded) for a hashed bucket. A consumer hashes a key as the feature spec says,
 * and feeds the value to the feature named after its bucket.
 */
public final class FeatureNames {
    private FeatureNames() {}

    /** Names by index (the numeric fields, then the buckets). */
    public static String[] of(FeatureSpace space) {
        String[] numeric = space.numericFields();
        int buckets = space.buckets();
        int digits = Integer.toString(buckets - 1).length();
        String[] names = new String[numeric.length + buckets];
        for (int j = 0; j < numeric.length; j++) names[j] = numeric(numeric[j]);
        for (int b = 0; b < buckets; b++) names[numeric.length + b] = "h" + pad(b, digits);
        return names;
    }

    public static String numeric(String field) {
        return "num:" + field;
    }

    private static String pad(int b, int digits) {
        String s = Integer.toString(b);
        return "0".repeat(digits - s.length()) + s;
    }
}
