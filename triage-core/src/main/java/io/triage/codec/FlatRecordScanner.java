package io.triage.codec;

import io.triage.feature.FeatureValues;

/**
 * The record path's first way through a {@code records} message, for the shape nearly every message has: one object
 * of plain scalars, the features a flat object of plain scalars, strings without escapes. It scans the characters
 * once, reads numbers without a token buffer, and reuses the names (and repeated string values) of the previous
 * message at the same position, so a record of a fixed layout allocates only its id and its features' text. Anything
 * else — an escape, a nested value, a repeated field, a long number, invalid JSON — it declines (null) to
 * {@link StreamingRecordReader}, which declines what it does not take to the tree decoder, so what is accepted and
 * what each refusal's reason is stay defined once, by the tree decoder.
 *
 * <p>Hand-written because Jackson's streaming parser, which it stands in front of, costs ~70 ns per numeric field
 * (token buffer, name canonicalisation, number text), about twice the record path's budget of 1 µs for a record of
 * 30 numbers. One per thread: the caches are not shared.
 */
final class FlatRecordScanner {
    /** Numbers longer than this go the general way (Jackson's length limit, BigInteger ids of time). */
    private static final int MAX_NUMBER_CHARS = 40;
    /** Exact powers of ten: a double holds 10^k exactly for k ≤ 22. */
    private static final double[] POW10 = new double[23];
    /** Values of up to 2^53 are exact doubles. */
    private static final long EXACT = 1L << 53;
    private static final int CACHED_POSITIONS = 128;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    /** After the message: no scan goes past it, as it is neither a digit, whitespace, a delimiter nor a quote. */
    private static final char END = 0;

    private final String[] names = new String[CACHED_POSITIONS];
    /** How many leading names of {@link #names} are known to differ from each other. */
    private int distinctNames;
    private final String[] strings = new String[CACHED_POSITIONS];
    private String lastModel;

    /* The scan's state for one message: its characters (copied once, with END after them: an array reads faster
     * than charAt, and the sentinel spares a bounds check per character) and where the reading is. */
    private char[] s = new char[1024];
    /** The message itself: its substrings are copies of its bytes, cheaper than strings made of {@link #s}. */
    private String raw;
    private int pos;
    private int end;
    /** The last number read: a double, or a long when {@link #integral} (a JSON integer). */
    private double number;
    private long integer;
    private boolean integral;

    /** @return the record, its features in {@code into}; or null: a more general reader decides */
    RecordHeader read(String raw, long now, String defaultModel, FeatureValues into) {
        if (raw.length() > StreamingRecordReader.MAX_CHARS) return null;
        load(raw);
        try {
            return record(now, defaultModel, into);
        } catch (IndexOutOfBoundsException e) { // never, by the sentinel; were it, the general reader decides
            return null;
        } finally {
            raw = null;
        }
    }

    /**
     * A features object alone (a review request's), read as a record's features are, into {@code into} (cleared
     * first); false where a record's would be declined.
     */
    boolean readFeatures(String json, FeatureValues into) {
        into.clear();
        if (json.length() > StreamingRecordReader.MAX_CHARS) return false;
        load(json);
        try {
            skipWhitespace();
            if (s[pos] != '{' || !features(into)) return false;
            skipWhitespace();
            return pos == end;
        } catch (IndexOutOfBoundsException e) { // never, by the sentinel
            return false;
        } finally {
            raw = null;
        }
    }

    private void load(String text) {
        end = text.length();
        if (s.length <= end) s = new char[Math.max(end + 1, 2 * s.length)];
        text.getChars(0, end, s, 0);
        s[end] = END;
        raw = text;
        pos = 0;
    }

    private RecordHeader record(long now, String defaultModel, FeatureValues into) {
        if (!skipTo('{')) return null;
        String id = null, model = null, featuresJson = null;
        long ts = now;
        boolean sawModel = false, sawTs = false;
        while (true) {
            skipWhitespace();
            if (s[pos] != '"') return null;
            int k = pos + 1;
            if (!skipString()) return null;
            int kLen = pos - 1 - k;
            if (!skipTo(':')) return null;
            skipWhitespace();
            char c = s[pos];
            if (is(k, kLen, "id")) {
                if (id != null || c != '"') return null;
                id = text(null);
                if (id == null) return null;
            } else if (is(k, kLen, "model")) {
                if (sawModel) return null;
                sawModel = true;
                if (c == '"') {
                    model = text(lastModel);
                    if (model == null) return null;
                    lastModel = model;
                } else if (!literal("null")) {
                    return null;
                }
            } else if (is(k, kLen, "ts")) {
                if (sawTs) return null;
                sawTs = true;
                if (c == '"') {
                    int from = pos + 1;
                    if (!skipString()) return null;
                    ts = Fields.plainInstant(raw.substring(from, pos - 1));
                    if (ts == Fields.NOT_PLAIN) return null;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    if (!number() || !integral) return null;
                    ts = integer;
                } else if (!literal("null")) {
                    return null;
                }
            } else if (is(k, kLen, "features")) {
                if (featuresJson != null || c != '{') return null;
                int from = pos;
                if (!features(into)) return null;
                featuresJson = raw.substring(from, pos);
            } else if (!skipScalar(c)) {
                return null; // another field's nested value: the general reader skips it
            }
            skipWhitespace();
            char next = s[pos++];
            if (next == '}') break;
            if (next != ',') return null;
        }
        skipWhitespace();
        if (pos != end) return null; // one message is one value
        if (id == null || featuresJson == null || into.size() == 0) return null;
        if (model == null) model = defaultModel;
        return model == null ? null : new RecordHeader(id, model, ts, featuresJson);
    }

    /**
     * The features object from its '{' to after its '}': names and values into {@code into}, each name once. While
     * every name is the previous message's at its place, and those were distinct, it is not checked again.
     */
    private boolean features(FeatureValues into) {
        int trusted = distinctNames;
        distinctNames = 0;
        pos++;
        skipWhitespace();
        if (s[pos] == '}') return false; // empty: the tree decoder names the reason
        for (int i = 0; ; i++) {
            if (s[pos] != '"') return false;
            String before = i < CACHED_POSITIONS ? names[i] : null;
            String name = cached(names, i);
            if (name == null || !skipTo(':')) return false;
            if (name != before || i >= trusted) trusted = 0; // from here on, each name is checked
            skipWhitespace();
            char c = s[pos];
            boolean fresh;
            if (c == '"') {
                String v = cached(strings, i);
                if (v == null) return false;
                if (trusted > 0) into.appendString(name, v);
                else if (!into.addString(name, v)) return false;
                fresh = true;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if (!featureNumber()) return false;
                double v = number; // not branched on: the division behind it need not be waited for
                if (trusted > 0) into.appendNumber(name, v);
                else if (!into.addNumber(name, v)) return false;
                fresh = true;
            } else if (c == 't' && literal("true")) {
                fresh = into.addBoolean(name, true);
            } else if (c == 'f' && literal("false")) {
                fresh = into.addBoolean(name, false);
            } else if (c == 'n' && literal("null")) {
                fresh = into.addNull(name);
            } else {
                return false;
            }
            if (!fresh) return false;
            skipWhitespace();
            char next = s[pos++];
            if (next == '}') {
                distinctNames = Math.min(i + 1, CACHED_POSITIONS);
                return true;
            }
            if (next != ',') return false;
            skipWhitespace();
        }
    }

    /**
     * The plain string at {@code pos} (its opening quote), reusing the one the cache holds for this position when
     * it is the same text; null when it is not plain.
     */
    private String cached(String[] cache, int position) {
        int from = pos + 1;
        if (position < CACHED_POSITIONS) {
            // the cached text is plain (it was scanned): when it is here, followed by the quote, nothing else to check
            String c = cache[position];
            if (c != null) {
                int len = c.length();
                if (from + len < end && s[from + len] == '"' && same(c, from, len)) {
                    pos = from + len + 1;
                    return c;
                }
            }
        }
        if (!skipString()) return null;
        int len = pos - 1 - from;
        if (position >= CACHED_POSITIONS) return raw.substring(from, from + len);
        String c = cache[position];
        if (c != null && same(c, from, len)) return c;
        return cache[position] = raw.substring(from, from + len);
    }

    /** An id or a model: plain, not blank, not too long (as {@code Fields.requiredString} takes it), else null. */
    private String text(String previous) {
        int from = pos + 1;
        if (!skipString()) return null;
        int len = pos - 1 - from;
        if (previous != null && same(previous, from, len)) return previous;
        String t = raw.substring(from, from + len);
        return t.isBlank() || len > Fields.MAX_ID_LENGTH ? null : t;
    }

    /**
     * From an opening quote to after the closing one. False for what Jackson would read differently or refuse:
     * an escape, a control character, a surrogate (Jackson passes lone ones through; the general reader decides).
     */
    private boolean skipString() {
        char[] s = this.s;
        int i = pos + 1;
        while (true) {
            char c = s[i++];
            if (c == '"') break;
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) return false;
        }
        pos = i;
        return true;
    }

    /**
     * A feature's number at {@code pos}, into {@link #number} as a double, as {@link #number()} reads it; false where
     * that declines. The common shapes — a plain integer or decimal of up to 18 digits — are read here, in a method
     * small enough to be inlined; everything else by {@link #number()}.
     */
    private boolean featureNumber() {
        char[] s = this.s;
        int i = pos;
        boolean negative = s[i] == '-';
        if (negative) i++;
        char c = s[i];
        if (c >= '1' && c <= '9') {
            int first = i;
            long digits = c - '0';
            while ((c = s[++i]) >= '0' && c <= '9') digits = digits * 10 + (c - '0');
            int scale = 0;
            if (c == '.') {
                int dot = i;
                while ((c = s[++i]) >= '0' && c <= '9') digits = digits * 10 + (c - '0');
                scale = dot + 1 - i;
            }
            int count = i - first + (scale < 0 ? -1 : 0);
            if (count <= 18 && scale > -23 && delimiter(c) && c != ']' && (scale == 0 || digits < EXACT)
                    && (scale < 0 || s[i - 1] != '.')) {
                pos = i;
                double v = scale == 0 ? (double) digits : digits / POW10[-scale]; // exact operands: see number()
                number = negative ? -v : v;
                return true;
            }
        }
        if (!number()) return false;
        if (integral) number = integer;
        return true;
    }

    /**
     * A JSON number at {@code pos}, into {@link #number} or {@link #integer}, exactly as Jackson reads it: an
     * integer (no fraction, no exponent) as a long; anything else as the double nearest its decimal value, which
     * is {@code Double.parseDouble}'s. False for an invalid or long number.
     */
    private boolean number() {
        char[] s = this.s;
        int from = pos, i = pos;
        boolean negative = s[i] == '-';
        if (negative) i++;
        long digits = 0;
        int first = i, scale = 0;
        char c = s[i];
        if (c == '0') {
            c = s[++i];
            if (c >= '0' && c <= '9') return false; // a leading zero: invalid
        } else if (c >= '1' && c <= '9') {
            do {
                digits = digits * 10 + (c - '0');
                c = s[++i];
            } while (c >= '0' && c <= '9');
        } else {
            return false;
        }
        int count = i - first; // digits read, leading zeros included: up to 18, digits cannot overflow
        boolean fraction = c == '.', exponent = false;
        if (fraction) {
            int dot = i;
            c = s[++i];
            if (c < '0' || c > '9') return false;
            do {
                digits = digits * 10 + (c - '0');
                c = s[++i];
            } while (c >= '0' && c <= '9');
            scale = dot + 1 - i;
            count += i - dot - 1;
        }
        int exp = 0;
        if (c == 'e' || c == 'E') {
            exponent = true;
            c = s[++i];
            boolean expNegative = c == '-';
            if (c == '-' || c == '+') c = s[++i];
            if (c < '0' || c > '9') return false;
            while (c >= '0' && c <= '9') {
                if (exp < 10_000) exp = exp * 10 + (c - '0');
                c = s[++i];
            }
            if (expNegative) exp = -exp;
        }
        if (i - from > MAX_NUMBER_CHARS || !delimiter(c)) return false;
        pos = i;
        if (!fraction && !exponent) {
            if (count > 18) return false; // beyond a long for sure: the general reader
            integral = true;
            integer = negative ? -digits : digits;
            return true;
        }
        integral = false;
        int e = scale + exp;
        if (count <= 18 && digits < EXACT && e >= -22 && e <= 22) {
            // both operands exact, one correctly rounded operation: the nearest double (Clinger's fast path)
            double v = e < 0 ? digits / POW10[-e] : digits * POW10[e];
            number = negative ? -v : v;
        } else {
            number = Double.parseDouble(raw.substring(from, i));
        }
        return true;
    }

    /** A scalar value of a field the record path does not read; false for a nested one. */
    private boolean skipScalar(char c) {
        if (c == '"') return skipString();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        return literal("true") || literal("false") || literal("null");
    }

    private boolean literal(String word) {
        if (!same(word, pos, Math.min(word.length(), end - pos)) || !delimiter(s[pos + word.length()])) return false;
        pos += word.length();
        return true;
    }

    /** The field name at [from, from + len) is {@code name}. */
    private boolean is(int from, int len, String name) {
        return same(name, from, len);
    }

    /** The characters at [from, from + len) are {@code t}. */
    private boolean same(String t, int from, int len) {
        if (t.length() != len) return false;
        char[] s = this.s;
        for (int j = 0; j < len; j++) {
            if (s[from + j] != t.charAt(j)) return false;
        }
        return true;
    }


    /** Past whitespace to {@code c}, and past it; false when another character comes first. */
    private boolean skipTo(char c) {
        skipWhitespace();
        if (s[pos] != c) return false;
        pos++;
        return true;
    }

    private void skipWhitespace() {
        char[] s = this.s;
        int i = pos;
        while (true) {
            char c = s[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            i++;
        }
        pos = i;
    }


    /** What may follow a number or a literal. */
    private static boolean delimiter(char c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
