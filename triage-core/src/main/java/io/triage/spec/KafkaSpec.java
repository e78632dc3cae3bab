package io.triage.spec;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the job reads and writes.
 *
 * @param bootstrap             bootstrap servers
 * @param groupId               consumer group id of the job's sources
 * @param topics                topic names
 * @param partitions            partitions per topic when the demo creates them
 * @param transactionTimeoutMs  producer transaction timeout (must be ≤ the broker's transaction.max.timeout.ms)
 * @param properties            Kafka client properties passed through untouched (security settings etc.)
 * @param transactionalIdPrefix what the sinks' transactional ids start with (null: the job's name); two
 *                              deployments writing the same topics on one cluster must not share it
 */
public record KafkaSpec(String bootstrap, String groupId, TopicsSpec topics, Integer partitions,
                        Integer transactionTimeoutMs, Map<String, String> properties, String transactionalIdPrefix)
        implements Serializable {
    public KafkaSpec(String bootstrap, String groupId, TopicsSpec topics, Integer partitions,
                     Integer transactionTimeoutMs, Map<String, String> properties) {
        this(bootstrap, groupId, topics, partitions, transactionTimeoutMs, properties, null);
    }

    public KafkaSpec {
        bootstrap = bootstrap == null ? "127.0.0.1:9092" : bootstrap;
        groupId = groupId == null ? "triage" : groupId;
        topics = topics == null ? TopicsSpec.defaults() : topics;
        partitions = partitions == null ? 2 : partitions;
        transactionTimeoutMs = transactionTimeoutMs == null ? 900_000 : transactionTimeoutMs;
        properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
    }

    public KafkaSpec withBootstrap(String b) {
        return new KafkaSpec(b, groupId, topics, partitions, transactionTimeoutMs, properties, transactionalIdPrefix);
    }

    public KafkaSpec withTopics(TopicsSpec t) {
        return new KafkaSpec(bootstrap, groupId, t, partitions, transactionTimeoutMs, properties, transactionalIdPrefix);
    }

    public KafkaSpec withGroupId(String g) {
        return new KafkaSpec(bootstrap, g, topics, partitions, transactionTimeoutMs, properties, transactionalIdPrefix);
    }

    public KafkaSpec withProperty(String k, String v) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(k, v);
        return new KafkaSpec(bootstrap, groupId, topics, partitions, transactionTimeoutMs, p, transactionalIdPrefix);
    }

    /** The transactional id prefix of the sink of {@code topic}, for a job named {@code jobName}. */
    public String transactionalIdPrefix(String jobName, String topic) {
        return (transactionalIdPrefix != null ? transactionalIdPrefix : jobName) + "-" + topic;
    }

    void validate(Problems p) {
        p.check(transactionalIdPrefix == null || !transactionalIdPrefix.isBlank(), "kafka.transactionalIdPrefix",
                "must not be blank");
        p.notBlank(bootstrap, "kafka.bootstrap");
        p.notBlank(groupId, "kafka.groupId");
        p.check(partitions >= 1, "kafka.partitions", "must be ≥ 1, was " + partitions);
        p.check(transactionTimeoutMs >= 1000, "kafka.transactionTimeoutMs", "must be ≥ 1000, was " + transactionTimeoutMs);
    }
}
