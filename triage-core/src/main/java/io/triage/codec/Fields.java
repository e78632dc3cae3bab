package io.triage.codec;

import io.triage.event.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Typed access to the top-level fields of an input message, each failure with a precise reason. */
final class Fields {
    static final int MAX_ID_LENGTH = 256;

    private Fields() {}

    static String requiredString(JsonNode o, String field) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) throw new InvalidInputException("missing-" + field, "field '" + field + "' is missing");
        if (!n.isTextual()) {
            throw new InvalidInputException("wrong-type", "field '" + field + "' must be a string, was " + n.getNodeType());
        }
        String s = n.textValue();
        if (s.isBlank()) throw new InvalidInputException("missing-" + field, "field '" + field + "' is blank");
        if (s.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException("too-long", "field '" + field + "' is longer than " + MAX_ID_LENGTH);
        }
        return s;
    }

    static String optionalString(JsonNode o, String field) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        return requiredString(o, field);
    }

    /** ISO-8601 instant or epoch milliseconds; absent means "now". */
    static long timestamp(JsonNode o, String field, long now) throws InvalidInputException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return now;
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isTextual()) return instant(n.textValue(), field);
        throw new InvalidInputException("bad-timestamp", "field '" + field + "' must be a string or epoch millis");
    }

    /** An ISO-8601 instant in epoch milliseconds. */
    static long instant(String s, String field) throws InvalidInputException {
        long fast = plainInstant(s);
        if (fast != NOT_PLAIN) return fast;
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("bad-timestamp", "field '" + field + "' is not an ISO-8601 instant");
        }
    }

    static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} from 1970 on, read without a formatter (which costs more than
     * decoding the rest of a record): {@code Instant.parse(s).toEpochMilli()} for it, else {@link #NOT_PLAIN} and
     * {@code Instant.parse} decides, as for every other form.
     */
    static long plainInstant(String s) {
        int len = s.length();
        if (len < 20 || len > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(len - 1) != 'Z') return NOT_PLAIN;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 1970 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) return NOT_PLAIN;
        int nanos = 0;
        if (len > 20) {
            if (s.charAt(19) != '.' || len == 21) return NOT_PLAIN;
            int f = digits(s, 20, len - 21);
            if (f < 0) return NOT_PLAIN;
            for (int i = len - 21; i < 9; i++) f *= 10;
            nanos = f;
        } else if (s.charAt(19) != 'Z') {
            return NOT_PLAIN;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return NOT_PLAIN;
        }
        return (epochDay * 86_400 + hour * 3_600L + minute * 60L + second) * 1000 + nanos / 1_000_000;
    }

    /** The decimal value of {@code n} ASCII digits from {@code at}, or -1. */
    private static int digits(String s, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
