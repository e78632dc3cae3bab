package io.triage.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The record's features as a reviewer sees them, at most {@link #MAX_BYTES}. A review request carries them
 * next to the sparse vector; a record near {@code maxRecordBytes} would otherwise make a request beyond the
 * producer's message limit and crash-loop the sink. Long strings are cut and, if that is not enough, later
 * fields are left out, with a {@code _truncated} note; the model learns from the full vector either way, and
 * the whole record stays in the {@code records} topic.
 */
public final class ReviewFeatures {
    public static final int MAX_BYTES = 64 * 1024;
    /** The field that says what was cut, in a review request's features. */
    public static final String NOTE = "_truncated";

    private ReviewFeatures() {}

    /**
     * A record's features JSON (as a message gave it) canonical and bounded, as a review request carries them: made
     * only for a record that goes to review. Null stays null.
     */
    public static String bounded(String featuresJson) {
        return featuresJson == null ? null : bounded(parse(featuresJson), MAX_BYTES);
    }

    /** A record's features JSON parsed, as {@link #bounded(String)} parses it (null stays null). */
    public static JsonNode parse(String featuresJson) {
        if (featuresJson == null) return null;
        try {
            return Json.MAPPER.readTree(featuresJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("features are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String bounded(JsonNode features, int maxBytes) {
        String all = features.toString();
        if (bytes(all) <= maxBytes) return all;
        int budget = maxBytes - 200; // room for the note
        int perString = Math.max(32, budget / Math.max(1, features.size()) - 32);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int used = 2, cut = 0, left = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isTextual() && v.textValue().length() > perString) {
                v = JsonNodeFactory.instance.textNode(v.textValue().substring(0, perString) + "…");
                cut++;
            }
            int piece = bytes(JsonNodeFactory.instance.textNode(e.getKey()).toString()) + bytes(v.toString()) + 2;
            if (used + piece > budget) {
                left++;
                continue;
            }
            out.set(e.getKey(), v);
            used += piece;
        }
        out.put(NOTE, cut + " values shortened, " + left + " fields left out of " + features.size()
                + " (the record had " + bytes(all) + " bytes of features)");
        return out.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
