package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which items a labeling tool holds, by the tool's id of each, kept in a small JSON file so that a restarted
 * gateway neither pushes an item twice nor forgets to delete a task. Only the items open in the tool are in it,
 * so it stays as small as the queue. Each change is written whole to a temporary file and moved over the old one,
 * so a crash leaves the old map or the new one, never half of either.
 */
final class PushedItems {
    private final Path file;
    private final Map<String, String> ids = new LinkedHashMap<>();

    private PushedItems(Path file) {
        this.file = file;
    }

    /** The map in {@code file}; empty when there is no file yet. */
    static PushedItems load(Path file) {
        PushedItems p = new PushedItems(file);
        if (Files.exists(file)) {
            try {
                JsonNode items = Json.MAPPER.readTree(file.toFile()).path("items");
                for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    p.ids.put(e.getKey(), e.getValue().asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(ids);
    }

    synchronized boolean contains(String key) {
        return ids.containsKey(key);
    }

    synchronized int size() {
        return ids.size();
    }

    synchronized void put(String key, String id) {
        ids.put(key, id);
        save();
    }

    synchronized void remove(String key) {
        if (ids.remove(key) != null) save();
    }

    private void save() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode items = root.putObject("items");
        ids.forEach(items::put);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, root.toString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
