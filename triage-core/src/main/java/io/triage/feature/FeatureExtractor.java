package io.triage.feature;

import io.triage.event.InvalidInputException;
import io.triage.spec.FieldType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a record's decoded features (String, Double or Boolean values) into a sparse vector of raw values.
 * Numbers of declared numeric fields keep their raw value (the model standardises them); strings are
 * one-hot hashed; text fields are tokenised; booleans are 0/1. Undeclared numbers are hashed by name
 * with a signed log to keep their scale tame. Non-finite numbers are rejected, never guessed.
 */
public final class FeatureExtractor implements Serializable {
    /** Tokens kept of a text field; part of the model, published with an export. */
    public static final int MAX_TOKENS = 512;
    /** What separates the tokens of a (lower-cased) text field. */
    public static final String TOKEN_SEPARATORS = "[^\\p{L}\\p{N}]+";
    private final FeatureSpace space;

    public FeatureExtractor(FeatureSpace space) {
        this.space = space;
    }

    public FeatureSpace space() {
        return space;
    }

    public SparseVector extract(Map<String, Object> features) throws InvalidInputException {
        TreeMap<Integer, Double> acc = new TreeMap<>();
        walk(features, (field, raw, token, index, value) -> acc.merge(index, value, Double::sum));
        int[] idx = new int[acc.size()];
        double[] val = new double[acc.size()];
        int i = 0;
        for (Map.Entry<Integer, Double> e : acc.entrySet()) {
            idx[i] = e.getKey();
            val[i++] = e.getValue();
        }
        return new SparseVector(idx, val);
    }

    /**
     * The same extraction term by term, each named by the field (and token) that produced it: what an explanation
     * of a score attributes to. Summed by index, the terms' values are {@link #extract}'s vector.
     */
    public List<FeatureTerm> terms(Map<String, Object> features) throws InvalidInputException {
        List<FeatureTerm> out = new ArrayList<>();
        walk(features, (field, raw, token, index, value) -> out.add(new FeatureTerm(field, raw, token, index, value)));
        return out;
    }

    /** Receives each term as it is extracted; {@code raw} is the field's value as given, {@code token} null but in text. */
    private interface Terms {
        void add(String field, Object raw, String token, int index, double value);
    }

    private void walk(Map<String, Object> features, Terms out) throws InvalidInputException {
        for (Map.Entry<String, Object> e : features.entrySet()) {
            String field = e.getKey();
            Object raw = e.getValue();
            Object v = raw;
            if (v == null) continue; // missing: a numeric field is imputed by its mean (0 after scaling)
            FieldType declared = space.typeOf(field);
            if (v instanceof Boolean b) v = b ? 1.0 : 0.0;
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new InvalidInputException("non-finite-feature", "feature '" + field + "' is " + d);
                }
                if (declared == FieldType.NUMERIC) {
                    out.add(field, raw, null, space.numericIndex(field), d);
                } else if (declared == null) {
                    out.add(field, raw, null, space.hashed(field + "#"), Math.signum(d) * Math.log1p(Math.abs(d)));
                } else {
                    // a declared categorical/text field given as a number: use its text form
                    addString(out, field, raw, declared, numberText(d));
                }
            } else if (v instanceof String s) {
                if (declared == FieldType.NUMERIC) {
                    throw new InvalidInputException("wrong-type",
                            "feature '" + field + "' is declared numeric but is the string \"" + abbreviate(s) + "\"");
                }
                addString(out, field, raw, declared == null ? FieldType.CATEGORICAL : declared, s);
            } else {
                throw new InvalidInputException("wrong-type",
                        "feature '" + field + "' has unsupported type " + v.getClass().getSimpleName());
            }
        }
    }

    private void addString(Terms out, String field, Object raw, FieldType type, String s) {
        if (type == FieldType.TEXT) {
            String[] tokens = Arrays.stream(s.toLowerCase(Locale.ROOT).split(TOKEN_SEPARATORS))
                    .filter(t -> !t.isEmpty()).limit(MAX_TOKENS).toArray(String[]::new);
            if (tokens.length == 0) return;
            double w = 1.0 / Math.sqrt(tokens.length); // unit-norm bag of words
            for (String t : tokens) out.add(field, raw, t, space.hashed(field + "~" + t), w);
        } else {
            out.add(field, raw, null, space.hashed(field + "=" + s), 1.0);
        }
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
