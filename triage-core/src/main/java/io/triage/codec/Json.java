package io.triage.codec;

import com.fasterxml.jackson.annotation.JsonFilter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.impl.SimpleBeanPropertyFilter;
import com.fasterxml.jackson.databind.ser.impl.SimpleFilterProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.triage.event.ReviewRequest;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The project's one JSON configuration: bounded parsing, non-finite numbers written as null, nulls omitted. */
public final class Json {
    /** Deeper JSON than this is hostile or a mistake: records are flat. */
    public static final int MAX_DEPTH = 16;

    public static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(1_000_000).maxNumberLength(100).build());
        // exact like Double.parseDouble (same double for every text), several times faster on numeric records
        m.getFactory().enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        m.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true); // one message is one value
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        SimpleModule finite = new SimpleModule("finite-doubles");
        finite.addSerializer(Double.class, new FiniteDoubleSerializer());
        finite.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
        finite.addSerializer(double[].class, new FiniteDoubleArraySerializer());
        m.registerModule(finite);
        m.addMixIn(ReviewRequest.class, ReviewRequestJson.class);
        m.setFilterProvider(new SimpleFilterProvider().addFilter(ReviewRequestJson.FILTER, new ReviewRequestJson.Vector()));
        return m;
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String s, Class<T> type) throws IOException {
        return MAPPER.readValue(s, type);
    }

    /**
     * A review request's {@code features} (JSON object text, canonical from {@link ReviewFeatures}) go out as the
     * object itself, not as a string inside JSON; {@link ReviewRequestDecoder} reads them back to the text.
     */
    @JsonFilter(ReviewRequestJson.FILTER)
    private abstract static class ReviewRequestJson {
        static final String FILTER = "review-request";

        @JsonRawValue
        abstract String features();

        /** {@code indices} and {@code values} left out where the reader extracts them again: {@link ReviewVector}. */
        static final class Vector extends SimpleBeanPropertyFilter {
            @Override
            public void serializeAsField(Object pojo, JsonGenerator g, SerializerProvider p, PropertyWriter w)
                    throws Exception {
                if (pojo instanceof ReviewRequest r && (w.getName().equals("indices") || w.getName().equals("values"))
                        && ReviewVector.leftOut(r)) return;
                w.serializeAsField(pojo, g, p);
            }
        }
    }

    /** NaN and ±∞ are not JSON: written as null, read back as absent. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) g.writeNull();
            else g.writeNumber(v);
        }
    }

    /** The same for primitive arrays (scores, weights), which Jackson would otherwise write as "NaN" strings. */
    private static final class FiniteDoubleArraySerializer extends StdSerializer<double[]> {
        FiniteDoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] a, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(a, a.length);
            for (double v : a) {
                if (Double.isFinite(v)) g.writeNumber(v);
                else g.writeNull();
            }
            g.writeEndArray();
        }
    }
}
