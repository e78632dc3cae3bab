package io.triage.codec;

import io.triage.event.InvalidInputException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** Parses a raw input message into a JSON object, or says precisely why not. */
final class Messages {
    private Messages() {}

    static JsonNode parseObject(String raw, int maxBytes) throws InvalidInputException {
        checkSize(raw, maxBytes);
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(raw);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("too-deep", "JSON exceeds parser limits: " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw new InvalidInputException("invalid-json", firstLine(e.getOriginalMessage()));
        }
        if (o == null || !o.isObject()) throw new InvalidInputException("not-an-object", "message is not a JSON object");
        return o;
    }

    /** What is refused before any parsing: an empty message, a too large one. */
    static void checkSize(String raw, int maxBytes) throws InvalidInputException {
        if (raw == null || raw.isBlank()) throw new InvalidInputException("empty", "empty message");
        // a cheap bound first (chars ≤ bytes ≤ 4·chars), the exact one only near the limit
        if (raw.length() > maxBytes || (raw.length() * 4L > maxBytes
                && raw.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
            throw new InvalidInputException("too-large", "message larger than " + maxBytes + " bytes");
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
