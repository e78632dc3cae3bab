package io.triage.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Input lines a replay could not use, counted by reason with the first few line numbers, so that a run can say
 * what it left out instead of dropping it silently. Thread-safe: the replay thread adds, the demo reports.
 */
public final class SkippedLines {
    private static final int LINES_KEPT = 5;

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<Long>> firstLines = new LinkedHashMap<>();

    public synchronized void add(String reason, long line) {
        counts.merge(reason, 1L, Long::sum);
        List<Long> lines = firstLines.computeIfAbsent(reason, r -> new ArrayList<>());
        if (lines.size() < LINES_KEPT) lines.add(line);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reason → lines skipped for it, in order of first occurrence. */
    public synchronized Map<String, Long> byReason() {
        return new LinkedHashMap<>(counts);
    }

    /** {@code skipped 3 lines (invalid-json 2: lines 4, 9; missing-truth 1: line 7)}. */
    public synchronized String report() {
        long n = total();
        String reasons = counts.entrySet().stream().map(e -> {
            List<Long> lines = firstLines.get(e.getKey());
            String at = lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
            return e.getKey() + " " + e.getValue() + ": line" + (lines.size() > 1 ? "s " : " ") + at
                    + (e.getValue() > lines.size() ? ", …" : "");
        }).collect(Collectors.joining("; "));
        return "skipped " + n + (n == 1 ? " line" : " lines") + (n == 0 ? "" : " (" + reasons + ")");
    }
}
