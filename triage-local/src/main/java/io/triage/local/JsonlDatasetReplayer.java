package io.triage.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Replays your own stream: a JSON-lines file (optionally gzipped) of {@code records} messages, each carrying its
 * true class in one more field. That field is taken off before the record is sent — the job never sees it — and
 * becomes the replay's truth. A line without {@code model} is sent for the default model. Lines the replay cannot
 * use are not sent but counted by reason ({@link #skippedLines()}): {@code invalid-json}, {@code not-an-object},
 * {@code missing-id} (absent, blank or not a string), {@code missing-truth} (absent, null, blank or not a
 * single value) and {@code duplicate-id} (the truth of an id must be one class). Everything else is the job's
 * to judge: records it rejects end in its dead-letter topic, as any producer's would.
 */
public final class JsonlDatasetReplayer implements RecordStream {
    // Decimal numbers kept as written (BigDecimal), so a feature reaches the job exactly as the file has it.
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final BufferedReader reader;
    private final String truthField;
    private final String model;
    private final Set<String> ids = new HashSet<>();
    private final SkippedLines skipped = new SkippedLines();
    private long line;
    private LabeledRecord next;

    /**
     * @param file         {@code .jsonl}, or {@code .jsonl.gz} when gzipped
     * @param truthField   the field holding the true class (removed from what is sent)
     * @param defaultModel model id of lines without a {@code model} field, and this stream's {@link #name()}
     */
    public JsonlDatasetReplayer(Path file, String truthField, String defaultModel) {
        if (truthField == null || truthField.isBlank()) throw new IllegalArgumentException("truth field must be named");
        this.truthField = truthField;
        this.model = defaultModel;
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True for the file names this replayer reads. */
    public static boolean reads(String path) {
        return path.endsWith(".jsonl") || path.endsWith(".jsonl.gz");
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public SkippedLines skippedLines() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        try {
            String text;
            while (next == null && (text = reader.readLine()) != null) {
                line++;
                if (!text.isBlank()) next = parse(text);
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        LabeledRecord r = next;
        next = null;
        return r;
    }

    /** One line to a record without its truth field, or null (counted) when the replay cannot use it. */
    private LabeledRecord parse(String text) {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JacksonException e) {
            return skip("invalid-json");
        }
        if (!(node instanceof ObjectNode o)) return skip("not-an-object");
        JsonNode id = o.get("id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) return skip("missing-id");
        JsonNode truth = o.remove(truthField);
        if (truth == null || !truth.isValueNode() || truth.isNull() || truth.asText().isBlank()) {
            return skip("missing-truth");
        }
        if (!ids.add(id.textValue())) return skip("duplicate-id");
        JsonNode m = o.get("model");
        if ((m == null || m.isNull()) && model != null) o.put("model", model);
        return new LabeledRecord(Json.write(o), truth.asText());
    }

    private LabeledRecord skip(String reason) {
        skipped.add(reason, line);
        return null;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
