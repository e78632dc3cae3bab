package io.triage.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-back's fast way through a review request as this job writes it: Jackson's streaming parser, each field
 * straight into its place, the features' text taken from the message as it is. It takes only what the tree reader
 * ({@link ReviewRequestDecoder}) would bind to the same request: every field of its exact JSON type, each once, no
 * appeal and no annotator accuracies (those go the tree way). Anything else it declines (null), so what is refused,
 * and why, stays defined once, by the tree reader.
 */
final class StreamingReviewRequestReader {
    private StreamingReviewRequestReader() {}

    /** @return the request as read, its vector as written (usually left out); or null: the tree reader decides */
    static ReviewRequest read(String raw) {
        if (raw.length() > StreamingRecordReader.MAX_CHARS) return null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
            return read(p, raw);
        } catch (IOException | RuntimeException e) { // invalid JSON, a number out of range: the tree reader names it
            return null;
        }
    }

    private static ReviewRequest read(JsonParser p, String raw) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        String recordId = null, model = null, features = null, predicted = null, signature = null;
        long ts = 0, deadline = 0, modelVersion = 0, policyVersion = 0, requestedAt = 0;
        double confidence = 0, priority = 0, labelWeight = 0;
        int[] indices = null;
        double[] values = null, scores = null;
        String[] classes = null;
        Route reason = null;
        Contribution[] contributions = null;
        int seen = 0; // a bit per field: a repeated one is declined (the tree keeps the last)
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = bit(name);
            if (bit != 0) {
                if ((seen & bit) != 0) return null;
                seen |= bit;
            }
            switch (name) {
                case "recordId" -> recordId = string(p, v);
                case "model" -> model = string(p, v);
                case "predicted" -> predicted = string(p, v);
                case "signature" -> signature = string(p, v);
                case "ts" -> ts = integer(p, v);
                case "deadline" -> deadline = integer(p, v);
                case "modelVersion" -> modelVersion = integer(p, v);
                case "policyVersion" -> policyVersion = integer(p, v);
                case "requestedAt" -> requestedAt = integer(p, v);
                case "confidence" -> confidence = number(p, v);
                case "priority" -> priority = number(p, v);
                case "labelWeight" -> labelWeight = number(p, v);
                case "features" -> {
                    if (v != JsonToken.START_OBJECT) return null;
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    features = raw.substring(start, (int) p.currentLocation().getCharOffset());
                }
                case "indices" -> indices = ints(p, v);
                case "values" -> values = doubles(p, v);
                case "scores" -> scores = doubles(p, v);
                case "classes" -> classes = strings(p, v);
                case "reason" -> reason = route(p, v);
                case "contributions" -> contributions = contributions(p, v);
                case "appeal", "annotatorAccuracy" -> {
                    if (v != JsonToken.VALUE_NULL) return null; // rare: the tree reader binds them
                }
                default -> p.skipChildren(); // an unknown field, as the tree reader ignores it
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null; // one message is one value
        if ((seen & REQUIRED) != REQUIRED || features == null || recordId == null || model == null) return null;
        return new ReviewRequest(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence,
                reason, priority, deadline, modelVersion, policyVersion, labelWeight, requestedAt, signature, null,
                contributions);
    }

    private static final String[] FIELDS = {"recordId", "model", "ts", "features", "indices", "values", "predicted",
            "classes", "scores", "confidence", "reason", "priority", "deadline", "modelVersion", "policyVersion",
            "labelWeight", "requestedAt", "signature", "appeal", "contributions", "annotatorAccuracy"};
    /** The primitive fields: missing, the tree reader would bind them as 0, which this reader leaves to it. */
    private static final int REQUIRED = bits("recordId", "model", "ts", "confidence", "reason", "priority", "deadline",
            "modelVersion", "policyVersion", "labelWeight", "requestedAt", "signature");

    private static int bit(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) return 1 << i;
        }
        return 0;
    }

    private static int bits(String... names) {
        int b = 0;
        for (String n : names) b |= bit(n);
        return b;
    }

    /* Each reader below gives null for a JSON null (where the field may be null), and throws Declined (caught in
     * read) for a value of another JSON type or shape. */

    private static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    private static String string(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.VALUE_STRING) throw new Declined();
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw new Declined();
        return p.getLongValue();
    }

    private static double number(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) throw new Declined();
        return p.getDoubleValue();
    }

    private static Route route(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) throw new Declined();
        String name = p.getText();
        for (Route r : Route.values()) {
            if (r.name().equals(name)) return r;
        }
        throw new Declined();
    }

    private static int[] ints(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.START_ARRAY) throw new Declined();
        int[] out = new int[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) throw new Declined();
            if (n == out.length) out = java.util.Arrays.copyOf(out, 2 * n);
            out[n++] = p.getIntValue();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static double[] doubles(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.START_ARRAY) throw new Declined();
        double[] out = new double[8];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) throw new Declined();
            if (n == out.length) out = java.util.Arrays.copyOf(out, 2 * n);
            out[n++] = p.getDoubleValue();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String[] strings(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.START_ARRAY) throw new Declined();
        List<String> out = new ArrayList<>(4);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) throw new Declined();
            out.add(p.getText());
        }
        return out.toArray(new String[0]);
    }

    /** Objects of a string label and a number value, each once, nothing else (the tree reader takes the rest). */
    private static Contribution[] contributions(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.START_ARRAY) throw new Declined();
        List<Contribution> out = new ArrayList<>(4);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) throw new Declined();
            String label = null;
            Double value = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                if (name.equals("label") && label == null && f == JsonToken.VALUE_STRING) label = p.getText();
                else if (name.equals("value") && value == null && (f == JsonToken.VALUE_NUMBER_FLOAT || f == JsonToken.VALUE_NUMBER_INT)) {
                    value = p.getDoubleValue();
                } else {
                    throw new Declined();
                }
            }
            if (label == null || value == null) throw new Declined();
            out.add(new Contribution(label, value));
        }
        return out.toArray(new Contribution[0]);
    }
}
