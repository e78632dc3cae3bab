package io.triage.codec;

import io.triage.feature.FeatureValues;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The fast way through a {@code records} message: Jackson's streaming parser, features straight into
 * {@link FeatureValues}, no tree. It only takes a message as it is when the tree decoder would take it with the
 * same result; anything else — an error, a repeated field, an unusual value — it declines (null), and
 * {@link RecordDecoder} lets the tree decoder decide and name the reason, so what is refused, and why, is defined
 * once.
 */
final class StreamingRecordReader {
    /** Beyond the parser's string limit a skipped value is not checked against it: such messages go the tree way. */
    static final int MAX_CHARS = 1_000_000;

    private StreamingRecordReader() {}

    /** @return the record, its features in {@code into}; or null: the tree decoder decides */
    static RecordHeader read(String raw, long now, String defaultModel, FeatureValues into) {
        if (raw.length() > MAX_CHARS) return null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
            return read(p, raw, now, defaultModel, into);
        } catch (IOException e) {
            return null;
        }
    }

    private static RecordHeader read(JsonParser p, String raw, long now, String defaultModel, FeatureValues into)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        String id = null, model = null, featuresJson = null;
        long ts = now;
        boolean sawId = false, sawModel = false, sawTs = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id" -> {
                    if (sawId || v != JsonToken.VALUE_STRING) return null;
                    sawId = true;
                    id = text(p);
                    if (id == null) return null;
                }
                case "model" -> {
                    if (sawModel) return null;
                    sawModel = true;
                    if (v != JsonToken.VALUE_NULL) {
                        if (v != JsonToken.VALUE_STRING) return null;
                        model = text(p);
                        if (model == null) return null;
                    }
                }
                case "ts" -> {
                    if (sawTs) return null;
                    sawTs = true;
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        ts = p.getLongValue();
                    } else if (v == JsonToken.VALUE_STRING) {
                        ts = Fields.plainInstant(p.getText());
                        if (ts == Fields.NOT_PLAIN) return null;
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "features" -> {
                    if (featuresJson != null || v != JsonToken.START_OBJECT) return null;
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    if (!features(p, into)) return null;
                    featuresJson = raw.substring(start, (int) p.currentLocation().getCharOffset());
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null; // one message is one value
        if (id == null || featuresJson == null || into.size() == 0) return null;
        if (model == null) model = defaultModel;
        return model == null ? null : new RecordHeader(id, model, ts, featuresJson);
    }

    /** An id or model as {@code Fields.requiredString} takes it, else null. */
    private static String text(JsonParser p) throws IOException {
        String s = p.getText();
        return s.isBlank() || s.length() > Fields.MAX_ID_LENGTH ? null : s;
    }

    /** Flat values only, each name once, as the tree decoder reads them (numbers as its nodes' doubles). */
    private static boolean features(JsonParser p, FeatureValues into) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            boolean fresh = switch (p.nextToken()) {
                case VALUE_NUMBER_FLOAT -> into.addNumber(name, p.getDoubleValue());
                case VALUE_NUMBER_INT -> into.addNumber(name, switch (p.getNumberType()) {
                    case INT -> (double) p.getIntValue();
                    case LONG -> (double) p.getLongValue();
                    default -> p.getBigIntegerValue().doubleValue();
                });
                case VALUE_STRING -> into.addString(name, p.getText());
                case VALUE_TRUE -> into.addBoolean(name, true);
                case VALUE_FALSE -> into.addBoolean(name, false);
                case VALUE_NULL -> into.addNull(name);
                default -> false;
            };
            if (!fresh) return false;
        }
        return t == JsonToken.END_OBJECT;
    }
}
