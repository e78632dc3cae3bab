package io.triage.codec;

import io.triage.event.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
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
        if (n.isTextual()) {
            try {
                return Instant.parse(n.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("bad-timestamp", "field '" + field + "' is not an ISO-8601 instant");
            }
        }
        throw new InvalidInputException("bad-timestamp", "field '" + field + "' must be a string or epoch millis");
    }
}
