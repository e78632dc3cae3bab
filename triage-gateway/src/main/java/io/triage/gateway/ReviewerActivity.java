package io.triage.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** What each reviewer did through this gateway since it started: labels (today and in all), skips. */
final class ReviewerActivity {
    record Counts(long labels, long labelsToday, long skips) {}

    private final Map<String, long[]> counts = new TreeMap<>(); // labels, labels today, skips, day
    
    synchronized void labeled(String annotator, long now) {
        long[] c = today(annotator, now);
        c[0]++;
        c[1]++;
    }

    synchronized void skipped(String annotator, long now) {
        today(annotator, now)[2]++;
    }

    synchronized Map<String, Counts> snapshot(long now) {
        Map<String, Counts> out = new TreeMap<>();
        for (String a : counts.keySet()) {
            long[] c = today(a, now);
            out.put(a, new Counts(c[0], c[1], c[2]));
        }
        return out;
    }

    /** The reviewer's counters, "today" restarted at midnight UTC. */
    private long[] today(String annotator, long now) {
        long day = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).toEpochDay();
        long[] c = counts.computeIfAbsent(annotator, k -> new long[] {0, 0, 0, day});
        if (c[3] != day) {
            c[1] = 0;
            c[3] = day;
        }
        return c;
    }
}
