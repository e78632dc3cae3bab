package io.triage.feature;

import io.triage.event.InvalidInputException;
import io.triage.spec.FieldType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    /**
     * The field last looked up at each place of a record, by the name's identity: decoders hand the same name
     * objects for a record of the same layout, so a record of a fixed layout looks no name up. Each entry is one
     * immutable pair, so threads sharing an extractor at worst miss.
     */
    private transient Place[] places;

    private record Place(String name, FeatureSpace.Field field) {}

    public FeatureExtractor(FeatureSpace space) {
        this.space = space;
    }

    public FeatureSpace space() {
        return space;
    }

    public SparseVector extract(Map<String, Object> features) throws InvalidInputException {
        Vector acc = new Vector(features.size());
        walk(features, acc);
        return acc.build();
    }

    /** The same extraction from features read by streaming, in their message order. */
    public SparseVector extract(FeatureValues features) throws InvalidInputException {
        Vector acc = new Vector(features.size());
        for (int i = 0, n = features.size(); i < n; i++) {
            byte kind = features.kind(i);
            if (kind == FeatureValues.NULL) continue;
            FeatureSpace.Field field = field(i, features.name(i));
            if (kind == FeatureValues.STRING) string(acc, field, null, features.string(i));
            else number(acc, field, null, features.number(i));
        }
        return acc.build();
    }

    private FeatureSpace.Field field(int at, String name) {
        Place[] p = places;
        if (p == null) places = p = new Place[128];
        if (at >= p.length) return space.field(name);
        Place last = p[at];
        if (last != null && last.name == name) return last.field;
        FeatureSpace.Field f = space.field(name);
        p[at] = new Place(name, f);
        return f;
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
            Object raw = e.getValue();
            if (raw == null) continue; // missing: a numeric field is imputed by its mean (0 after scaling)
            FeatureSpace.Field field = space.field(e.getKey());
            if (raw instanceof Boolean b) number(out, field, raw, b ? 1.0 : 0.0);
            else if (raw instanceof Number n) number(out, field, raw, n.doubleValue());
            else if (raw instanceof String s) string(out, field, raw, s);
            else throw new InvalidInputException("wrong-type",
                        "feature '" + field.name() + "' has unsupported type " + raw.getClass().getSimpleName());
        }
    }

    private void number(Terms out, FeatureSpace.Field field, Object raw, double d) throws InvalidInputException {
        if (!Double.isFinite(d)) {
            throw new InvalidInputException("non-finite-feature", "feature '" + field.name() + "' is " + d);
        }
        FieldType declared = field.type();
        if (declared == FieldType.NUMERIC) {
            out.add(field.name(), raw, null, field.numericIndex(), d);
        } else if (declared == null) {
            out.add(field.name(), raw, null, space.hashed(field, '#', ""), Math.signum(d) * Math.log1p(Math.abs(d)));
        } else {
            // a declared categorical/text field given as a number: use its text form
            addString(out, field, raw, declared, numberText(d));
        }
    }

    private void string(Terms out, FeatureSpace.Field field, Object raw, String s) throws InvalidInputException {
        FieldType declared = field.type();
        if (declared == FieldType.NUMERIC) {
            throw new InvalidInputException("wrong-type",
                    "feature '" + field.name() + "' is declared numeric but is the string \"" + abbreviate(s) + "\"");
        }
        addString(out, field, raw, declared == null ? FieldType.CATEGORICAL : declared, s);
    }

    private void addString(Terms out, FeatureSpace.Field field, Object raw, FieldType type, String s) {
        if (type == FieldType.TEXT) {
            List<String> tokens = tokens(s.toLowerCase(Locale.ROOT));
            if (tokens.isEmpty()) return;
            double w = 1.0 / Math.sqrt(tokens.size()); // unit-norm bag of words
            for (String t : tokens) out.add(field.name(), raw, t, space.hashed(field, '~', t), w);
        } else {
            out.add(field.name(), raw, null, space.hashed(field, '=', s), 1.0);
        }
    }

    /**
     * The first {@link #MAX_TOKENS} tokens of a text: its maximal runs of letters and digits, which is what splitting
     * it at {@link #TOKEN_SEPARATORS} leaves, found without the regular expression (code point by code point, as
     * the pattern matches).
     */
    static List<String> tokens(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n && tokens.size() < MAX_TOKENS) {
            while (i < n && !tokenChar(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            int start = i;
            while (i < n && tokenChar(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i > start) tokens.add(s.substring(start, i));
        }
        return tokens;
    }

    /** {@code \p{L}} or {@code \p{N}}: a letter, or a number of any kind. */
    private static boolean tokenChar(int cp) {
        if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * Terms summed by index into primitive arrays: sorted by index, stably, and summed in the order they came, so
     * that every sum is the one a map merging them in that order gives.
     */
    private static final class Vector implements Terms {
        private int[] idx;
        private double[] val;
        private int n;

        /** @param fields the record's fields: one term each, but for text */
        Vector(int fields) {
            idx = new int[Math.max(fields, 4)];
            val = new double[idx.length];
        }

        @Override
        public void add(String field, Object raw, String token, int index, double value) {
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, 2 * n);
                val = Arrays.copyOf(val, 2 * n);
            }
            idx[n] = index;
            val[n++] = value;
        }

        SparseVector build() {
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) sorted = idx[i] > idx[i - 1];
            if (sorted) {
                return n == idx.length ? new SparseVector(idx, val) : new SparseVector(Arrays.copyOf(idx, n), Arrays.copyOf(val, n));
            }
            long[] order = new long[n]; // index in the high half, arrival in the low: a sort that keeps arrival order
            for (int i = 0; i < n; i++) order[i] = ((long) idx[i] << 32) | i;
            Arrays.sort(order);
            int[] outIdx = new int[n];
            double[] outVal = new double[n];
            int m = -1;
            for (int i = 0; i < n; i++) {
                int index = (int) (order[i] >>> 32);
                double v = val[(int) order[i]];
                if (m >= 0 && outIdx[m] == index) outVal[m] = outVal[m] + v;
                else {
                    outIdx[++m] = index;
                    outVal[m] = v;
                }
            }
            return new SparseVector(Arrays.copyOf(outIdx, m + 1), Arrays.copyOf(outVal, m + 1));
        }
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
