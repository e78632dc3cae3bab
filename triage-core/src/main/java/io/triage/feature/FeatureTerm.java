package io.triage.feature;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One term of a record's feature vector and what produced it: a numeric field's value, a categorical field's
 * value, or a token of a text field (see {@link FeatureExtractor#terms}).
 *
 * @param field  the input field
 * @param raw    the field's value as given (String, Double or Boolean)
 * @param token  for a text field, the token; else null
 * @param index  its index in the model's feature space
 * @param value  its (raw, unscaled) value there
 */
public record FeatureTerm(String field, Object raw, String token, int index, double value) {
    /** Longer field names and values are cut in a label: labels travel in every explained review request. */
    public static final int MAX_PART = 32;

    /** What a reviewer reads: {@code amount = 912.5}, {@code country = NG}, {@code memo: "gift"}. */
    public String label() {
        if (token != null) return cut(field) + ": \"" + cut(token) + "\"";
        return cut(field) + " = " + cut(raw instanceof Double d ? number(d) : String.valueOf(raw));
    }

    /** A label's length at most, in chars. */
    public static int maxLabelChars() {
        return 2 * (MAX_PART + 1) + 4;
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return Double.toString(new BigDecimal(d).round(new MathContext(6)).doubleValue());
    }

    private static String cut(String s) {
        if (s.length() <= MAX_PART) return s;
        int end = Character.isHighSurrogate(s.charAt(MAX_PART - 1)) ? MAX_PART - 1 : MAX_PART; // whole characters
        return s.substring(0, end) + "…";
    }
}
