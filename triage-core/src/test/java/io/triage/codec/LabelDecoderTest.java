package io.triage.codec;

import io.triage.event.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triage.event.Label;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelDecoderTest {
    private static final long NOW = 1_700_000_000_000L;
    private final LabelDecoder decoder = new LabelDecoder(500);

    private String reason(String raw) {
        return assertThrows(InvalidInputException.class, () -> decoder.decode(raw, NOW)).reason();
    }

    @Test
    void decodesAFullLabel() throws Exception {
        Label l = decoder.decode("{\"id\":\"tx-1\",\"model\":\"fraud\",\"label\":\"fraud\",\"annotator\":\"alice\","
                + "\"ts\":\"2026-11-24T10:00:00Z\",\"eventId\":\"ev-9\",\"extra\":[1,2]}", NOW);
        assertEquals(new Label("tx-1", "fraud", "fraud", "alice",
                Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(), "ev-9"), l);
    }

    @Test
    void optionalFields() throws Exception {
        Label l = decoder.decode("{\"id\":\"tx-1\",\"label\":\"ok\",\"annotator\":\"bob\",\"ts\":12345}", NOW);
        assertNull(l.model());
        assertNull(l.eventId());
        assertEquals(12345L, l.ts());
        assertEquals(NOW, decoder.decode("{\"id\":\"tx-1\",\"label\":\"ok\",\"annotator\":\"bob\"}", NOW).ts());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"id\":\"a\",\"label\":`                                           | invalid-json",
            "`[{\"id\":\"a\"}]`                                                   | not-an-object",
            "`null`                                                               | not-an-object",
            "`{\"label\":\"x\",\"annotator\":\"b\"}`                              | missing-id",
            "`{\"id\":\"\",\"label\":\"x\",\"annotator\":\"b\"}`                  | missing-id",
            "`{\"id\":5,\"label\":\"x\",\"annotator\":\"b\"}`                     | wrong-type",
            "`{\"id\":\"a\",\"annotator\":\"b\"}`                                 | missing-label",
            "`{\"id\":\"a\",\"label\":1,\"annotator\":\"b\"}`                     | wrong-type",
            "`{\"id\":\"a\",\"label\":true,\"annotator\":\"b\"}`                  | wrong-type",
            "`{\"id\":\"a\",\"label\":{\"c\":1},\"annotator\":\"b\"}`             | wrong-type",
            "`{\"id\":\"a\",\"label\":\"x\"}`                                     | missing-annotator",
            "`{\"id\":\"a\",\"label\":\"x\",\"annotator\":\" \"}`                 | missing-annotator",
            "`{\"id\":\"a\",\"label\":\"x\",\"annotator\":[\"b\"]}`               | wrong-type",
            "`{\"id\":\"a\",\"label\":\"x\",\"annotator\":\"b\",\"ts\":\"now\"}`  | bad-timestamp",
            "`{\"id\":\"a\",\"label\":\"x\",\"annotator\":\"b\",\"eventId\":7}`   | wrong-type",
            "`{\"id\":\"a\",\"label\":\"x\",\"annotator\":\"b\",\"model\":[]}`    | wrong-type",
    })
    void hostileLabelsAreRejectedWithTheirReason(String raw, String reason) {
        assertEquals(reason, reason(raw));
    }

    @Test
    void tooLargeAndTooDeep() {
        assertEquals("too-large", reason("{\"id\":\"a\",\"label\":\"" + "x".repeat(600) + "\",\"annotator\":\"b\"}"));
        String deep = "{\"id\":\"a\",\"label\":\"x\",\"annotator\":\"b\",\"meta\":" + "[".repeat(20) + "]".repeat(20) + "}";
        assertEquals("too-deep", reason(deep));
    }
}
