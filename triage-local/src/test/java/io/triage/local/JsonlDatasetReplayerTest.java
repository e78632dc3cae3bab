package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.DecodedRecord;
import io.triage.codec.Json;
import io.triage.codec.RecordDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonlDatasetReplayerTest {

    private static final String LINES = String.join("\n",
            "{\"id\":\"tx-1\",\"model\":\"fraud\",\"ts\":\"2026-11-24T10:00:00Z\",\"features\":{\"amount\":125.10,\"country\":\"DE\"},\"label\":\"legit\"}",
            "{\"id\":\"tx-2\",\"ts\":1700000000000,\"features\":{\"amount\":1e400,\"memo\":\"gift card\"},\"label\":\"fraud\"}",
            "not json at all",
            "",
            "{\"id\":\"tx-3\",\"features\":{\"amount\":3}}",
            "[1,2,3]",
            "{\"features\":{\"amount\":4},\"label\":\"legit\"}",
            "{\"id\":\"tx-1\",\"features\":{\"amount\":5},\"label\":\"fraud\"}",
            "{\"id\":\"tx-4\",\"features\":{\"amount\":6},\"label\":null}",
            "{\"id\":\"tx-5\",\"features\":{\"amount\":7},\"label\":1} trailing",
            "{\"id\":\"tx-6\",\"features\":{\"flag\":true},\"label\":1}",
            "");

    @Test
    void takesTheTruthOffEachRecordAndCountsWhatItCannotUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.jsonl");
        Files.writeString(file, LINES);
        List<LabeledRecord> out = new ArrayList<>();
        SkippedLines skipped;
        try (JsonlDatasetReplayer r = new JsonlDatasetReplayer(file, "label", "fraud")) {
            assertEquals("fraud", r.name());
            r.forEachRemaining(out::add);
            skipped = r.skippedLines();
        }
        assertEquals(3, out.size());
        Map<String, String> truth = new LinkedHashMap<>();
        for (LabeledRecord lr : out) {
            JsonNode j = Json.MAPPER.readTree(lr.json());
            assertFalse(j.has("label"), "the job never sees the truth: " + lr.json());
            assertEquals("fraud", j.path("model").asText(), "the default model fills a missing one");
            truth.put(j.path("id").asText(), lr.truth());
        }
        assertEquals(Map.of("tx-1", "legit", "tx-2", "fraud", "tx-6", "1"), truth);
        // the rest of a record travels as written: numbers exactly, timestamps in either form
        RecordDecoder decoder = new RecordDecoder(1_000_000, null);
        DecodedRecord first = decoder.decode(out.get(0).json(), 0);
        assertEquals(125.10, (Double) first.features().get("amount"));
        assertEquals("DE", first.features().get("country"));
        assertTrue(out.get(1).json().contains("1E+400"), "an out-of-range number is left for the job to reject");
        assertEquals(1700000000000L, decoder.decode(out.get(1).json(), 0).ts());

        assertEquals(7, skipped.total());
        assertEquals(Map.of("invalid-json", 2L, "missing-truth", 2L, "not-an-object", 1L, "missing-id", 1L,
                "duplicate-id", 1L), skipped.byReason());
        assertEquals("skipped 7 lines (invalid-json 2: lines 3, 10; missing-truth 2: lines 5, 9; not-an-object 1: "
                + "line 6; missing-id 1: line 7; duplicate-id 1: line 8)", skipped.report());
    }

    @Test
    void readsGzippedFilesAndAnyTruthField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write("{\"id\":\"a-1\",\"model\":\"m\",\"features\":{\"x\":1},\"y\":\"yes\",\"label\":\"kept\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(JsonlDatasetReplayer.reads(file.toString()));
        try (JsonlDatasetReplayer r = new JsonlDatasetReplayer(file, "y", "other")) {
            LabeledRecord lr = r.next();
            assertEquals("yes", lr.truth());
            JsonNode j = Json.MAPPER.readTree(lr.json());
            assertEquals("m", j.path("model").asText(), "a record's own model is kept");
            assertEquals("kept", j.path("label").asText(), "only the truth field is removed");
            assertFalse(r.hasNext());
            assertEquals("skipped 0 lines", r.skippedLines().report());
        }
    }
}
