package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DeadLetter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/** Sends rejected input to dead-letter and the audit trail, and counts it per reason in Flink metrics. */
final class Rejections {
    /** Raw input kept in a dead letter, at most (the reason says what was wrong). */
    static final int MAX_RAW = 10_000;
    private final String source;
    private final MetricGroup group;
    private final Map<String, Counter> counters = new HashMap<>();

    Rejections(String source, MetricGroup group) {
        this.source = source;
        this.group = group.addGroup("rejected");
    }

    DeadLetter deadLetter(String raw, String reason, String detail, long now) {
        count(reason);
        String kept = raw == null ? null : raw.length() <= MAX_RAW ? raw : raw.substring(0, MAX_RAW);
        return new DeadLetter(source, kept, reason, detail, now);
    }

    /** Counts a rejection that has no dead letter (valid input refused, e.g. a resent record). */
    void count(String reason) {
        counters.computeIfAbsent(reason, group::counter).inc();
    }

    static AuditEvent audit(String recordId, String model, String reason, String detail, long now) {
        return AuditEvent.of(AuditType.INPUT_REJECTED, recordId, model, -1, -1, now).withLabel(null, null)
                .because(reason + ": " + detail);
    }
}
