package io.triage.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Collects figures as JSON (perf.json) and a readable report (perf.md); rewritten after every part. */
final class Results {
    final ObjectNode root = Json.MAPPER.createObjectNode();
    private final StringBuilder md = new StringBuilder();
    private final Path dir;

    Results(Path dir, String commandLine) {
        this.dir = dir;
        root.put("startedAt", Instant.now().toString());
        root.put("command", commandLine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        root.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        md.append("# Triage performance figures\n\n")
          .append("Started ").append(root.get("startedAt").asText()).append(", ")
          .append(root.get("cores").asInt()).append(" cores, Java ").append(root.get("java").asText())
          .append(", `").append(commandLine).append("`\n\n")
          .append("Benchmarks print figures, they assert nothing. Figures from one machine, one run.\n\n");
    }

    ObjectNode section(String name) {
        return root.putObject(name);
    }

    void md(String text) {
        md.append(text);
        if (!text.endsWith("\n")) md.append('\n');
    }

    void save() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("perf.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.writeString(dir.resolve("perf.md"), md.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 1-minute system load average: other processes on the machine skew every figure here. */
    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    static void log(String fmt, Object... args) {
        System.out.println(f(fmt, args));
        System.out.flush();
    }
}
