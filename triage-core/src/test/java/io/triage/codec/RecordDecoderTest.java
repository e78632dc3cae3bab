package io.triage.codec;

import io.triage.event.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordDecoderTest {
    private static final long NOW = 1_700_000_000_000L;
    private final RecordDecoder single = new RecordDecoder(1000, "fraud");
    private final RecordDecoder multi = new RecordDecoder(1000, null);

    private static String reason(RecordDecoder d, String raw) {
        return assertThrows(InvalidInputException.class, () -> d.decode(raw, NOW)).reason();
    }

    @Test
    void decodesAValidRecord() throws Exception {
        DecodedRecord r = multi.decode("{\"id\":\"tx-1\",\"model\":\"fraud\",\"ts\":\"2026-11-24T10:00:00Z\","
                + "\"features\":{\"amount\":125.0,\"country\":\"DE\",\"vip\":true,\"note\":null}}", NOW);
        assertEquals("tx-1", r.id());
        assertEquals("fraud", r.model());
        assertEquals(java.time.Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(), r.ts());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("amount", 125.0);
        expected.put("country", "DE");
        expected.put("vip", true);
        expected.put("note", null);
        assertEquals(expected, r.features());
        assertEquals(Arrays.asList("amount", "country", "vip", "note"), r.features().keySet().stream().toList());
        assertEquals("{\"amount\":125.0,\"country\":\"DE\",\"vip\":true,\"note\":null}", r.featuresJson());
    }

    @Test
    void epochMillisTimestampAndDefaults() throws Exception {
        DecodedRecord r = single.decode("{\"id\":\"a\",\"ts\":1764000000123,\"features\":{\"x\":1}}", NOW);
        assertEquals("fraud", r.model()); // default model
        assertEquals(1764000000123L, r.ts());
        assertEquals(NOW, single.decode("{\"id\":\"a\",\"features\":{\"x\":1}}", NOW).ts()); // absent: now
        assertEquals(java.time.Instant.parse("2026-01-02T03:04:05.678+01:00").toEpochMilli(),
                single.decode("{\"id\":\"a\",\"ts\":\"2026-01-02T03:04:05.678+01:00\",\"features\":{\"x\":1}}", NOW)
                        .ts());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"id\":\"a\",`                                       | invalid-json",
            "`{id:\"a\"}`                                           | invalid-json",
            "`{\"id\":\"a\",\"features\":{\"x\":NaN}}`              | invalid-json",
            "`[1,2]`                                                | not-an-object",
            "`\"just a string\"`                                    | not-an-object",
            "`42`                                                   | not-an-object",
            "`   `                                                  | empty",
            "`{\"features\":{\"x\":1}}`                             | missing-id",
            "`{\"id\":\"  \",\"features\":{\"x\":1}}`               | missing-id",
            "`{\"id\":null,\"features\":{\"x\":1}}`                 | missing-id",
            "`{\"id\":17,\"features\":{\"x\":1}}`                   | wrong-type",
            "`{\"id\":\"a\"}`                                       | missing-features",
            "`{\"id\":\"a\",\"features\":{}}`                       | missing-features",
            "`{\"id\":\"a\",\"features\":[1,2]}`                    | wrong-type",
            "`{\"id\":\"a\",\"features\":\"x=1\"}`                  | wrong-type",
            "`{\"id\":\"a\",\"features\":{\"x\":{\"y\":1}}}`        | wrong-type",
            "`{\"id\":\"a\",\"features\":{\"x\":[1]}}`              | wrong-type",
            "`{\"id\":\"a\",\"model\":3,\"features\":{\"x\":1}}`    | wrong-type",
            "`{\"id\":\"a\",\"ts\":\"yesterday\",\"features\":{\"x\":1}}` | bad-timestamp",
            "`{\"id\":\"a\",\"ts\":\"2026-13-01T00:00:00Z\",\"features\":{\"x\":1}}` | bad-timestamp",
            "`{\"id\":\"a\",\"ts\":true,\"features\":{\"x\":1}}`    | bad-timestamp",
            "`{\"id\":\"a\",\"ts\":1.5,\"features\":{\"x\":1}}`     | bad-timestamp",
    })
    void hostileInputIsRejectedWithItsReason(String raw, String reason) {
        assertEquals(reason, reason(single, raw));
    }

    @Test
    void modelIsRequiredWithoutADefault() {
        assertEquals("missing-model", reason(multi, "{\"id\":\"a\",\"features\":{\"x\":1}}"));
    }

    @Test
    void nullInputIsEmpty() {
        assertEquals("empty", reason(single, null));
    }

    @Test
    void tooLongIdIsRejected() {
        String id = "x".repeat(Fields.MAX_ID_LENGTH + 1);
        assertEquals("too-long", reason(single, "{\"id\":\"" + id + "\",\"features\":{\"x\":1}}"));
    }

    @Test
    void tooLargeMessagesAreRejectedBeforeParsing() {
        String ok = "{\"id\":\"a\",\"features\":{\"x\":\"" + "y".repeat(900) + "\"}}";
        assertEquals(ok.length() <= 1000, true);
        assertEquals("y".repeat(900), assertDoesNotThrow(ok).features().get("x"));
        String big = "{\"id\":\"a\",\"features\":{\"x\":\"" + "y".repeat(1000) + "\"}}";
        assertEquals("too-large", reason(single, big));
        // bytes, not chars, count: 400 three-byte characters are 1200 bytes
        String wide = "{\"id\":\"a\",\"features\":{\"x\":\"" + "€".repeat(400) + "\"}}";
        assertEquals("too-large", reason(single, wide));
        // not even a JSON object: still "too-large" first
        assertEquals("too-large", reason(single, "[" + "1,".repeat(600) + "1]"));
    }

    private DecodedRecord assertDoesNotThrow(String raw) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> single.decode(raw, NOW));
    }

    private static String nested(int depth) {
        // depth counts every object/array, the message itself included
        StringBuilder b = new StringBuilder("{\"id\":\"a\",\"features\":");
        for (int i = 2; i < depth; i++) b.append("{\"k\":");
        b.append("{\"k\":1}");
        for (int i = 2; i < depth; i++) b.append('}');
        return b.append('}').toString();
    }

    @Test
    void tooDeepNestingIsRejected() {
        assertEquals(Json.MAX_DEPTH, 16);
        // at the limit the parser accepts it, the decoder then rejects the nested feature
        assertEquals("wrong-type", reason(single, nested(16)));
        assertEquals("too-deep", reason(single, nested(17)));
        String deepArrays = "{\"id\":\"a\",\"features\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertEquals("too-deep", reason(new RecordDecoder(100_000, "m"), deepArrays));
    }

    @Test
    void trailingGarbageIsNotSilentlyIgnored() {
        assertEquals("invalid-json", reason(single, "{\"id\":\"a\",\"features\":{\"x\":1}} {\"id\":\"b\"}"));
        assertEquals("invalid-json", reason(single, "{\"id\":\"a\",\"features\":{\"x\":1}}]"));
    }
}
