package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.AuditEvent;
import io.triage.event.Decision;
import io.triage.codec.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The committed decisions and SCORED events of a finished demo, read back from its output directory:
 * {@code decisions.jsonl} (with the {@code truth} the demo added) and {@code audit.jsonl}. A missing number
 * (null: not finite) reads as 0.
 */
public record RunOutputs(List<Decision> decisions, Map<String, String> truth, List<AuditEvent> scored) {

    public static RunOutputs read(Path dir) {
        List<Decision> decisions = new ArrayList<>();
        Map<String, String> truth = new HashMap<>();
        List<AuditEvent> scored = new ArrayList<>();
        lines(dir.resolve("decisions.jsonl"), n -> {
            Decision d = convert(n, Decision.class);
            decisions.add(d);
            JsonNode t = n.get("truth");
            if (t != null && !t.isNull()) truth.put(d.recordId(), t.asText());
        });
        lines(dir.resolve("audit.jsonl"), n -> {
            if ("SCORED".equals(n.path("type").asText())) scored.add(convert(n, AuditEvent.class));
        });
        return new RunOutputs(decisions, truth, scored);
    }

    public WindowTable windowTable(WindowTable.Settings settings) {
        return WindowTable.of(settings, decisions, truth, scored);
    }

    private static void lines(Path file, Consumer<JsonNode> each) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) each.accept(Json.MAPPER.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static <T> T convert(JsonNode n, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(n, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
