package io.triage.kafka;

import io.triage.spec.TopicsSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics a Triage job reads and writes, with the settings each needs. The audit trail — {@code decisions},
 * {@code audit}, {@code models} — is kept forever ({@code retention.ms=-1}): it is the record of what was decided
 * and why, and the start guard reads {@code decisions} to refuse a fresh start over an earlier run. Inputs
 * ({@code records}, {@code labels}) and the review path keep a month, far beyond any restart or review deadline;
 * {@code metrics} a week. Every topic takes {@code min.insync.replicas} of at most 2 (so that with a replication
 * factor of 3 a committed transaction survives the loss of one broker) and create-time timestamps (the job's
 * watermarks and event-time deadlines come from the producers' clocks).
 *
 * @param partitions        partitions per topic
 * @param replicationFactor replicas per partition
 */
public record TopicPlan(int partitions, short replicationFactor) {
    static final long KEEP_FOREVER = -1;
    static final long MONTH_MS = Duration.ofDays(30).toMillis();
    static final long WEEK_MS = Duration.ofDays(7).toMillis();

    /** One topic to create: its name, role and settings. */
    public record Topic(String name, String role, int partitions, short replicationFactor, Map<String, String> configs) {}

    public TopicPlan {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be ≥ 1, was " + partitions);
        if (replicationFactor < 1) throw new IllegalArgumentException("replication factor must be ≥ 1, was " + replicationFactor);
    }

    public List<Topic> topics(TopicsSpec names) {
        List<Topic> out = new ArrayList<>();
        out.add(topic(names.records(), "input: records to decide", MONTH_MS));
        out.add(topic(names.labels(), "input: human labels", MONTH_MS));
        out.add(topic(names.appeals(), "input: appeals of decided records", MONTH_MS));
        out.add(topic(names.outcomes(), "input: late ground truth of decided records", MONTH_MS));
        out.add(topic(names.reviewRequests(), "review path: requests to humans (read back by the job)", MONTH_MS));
        out.add(topic(names.decisions(), "audit trail: every decision", KEEP_FOREVER));
        out.add(topic(names.audit(), "audit trail: every event", KEEP_FOREVER));
        out.add(topic(names.models(), "audit trail: every model version", KEEP_FOREVER));
        out.add(topic(names.metrics(), "metrics per window", WEEK_MS));
        out.add(topic(names.deadLetter(), "rejected input, with reasons", MONTH_MS));
        return out;
    }

    private Topic topic(String name, String role, long retentionMs) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", Long.toString(retentionMs));
        c.put("min.insync.replicas", Integer.toString(Math.min(2, replicationFactor)));
        c.put("message.timestamp.type", "CreateTime");
        return new Topic(name, role, partitions, replicationFactor, Map.copyOf(c));
    }
}
