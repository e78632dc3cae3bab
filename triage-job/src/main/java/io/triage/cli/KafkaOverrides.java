package io.triage.cli;

import io.triage.spec.JobSpec;
import io.triage.spec.KafkaSpec;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --kafka.bootstrap} style overrides of a job spec; client properties pass through untouched. */
public final class KafkaOverrides {
    @Option(names = "--kafka.bootstrap", description = "bootstrap servers (overrides the spec)")
    String bootstrap;

    @Option(names = "--kafka.group-id", description = "consumer group id of the job's sources")
    String groupId;

    @Option(names = "--kafka.topic-prefix", description = "prefix for every topic name")
    String topicPrefix;

    @Option(names = {"-K", "--kafka.property"}, description = "Kafka client property, e.g. -K security.protocol=SASL_SSL")
    Map<String, String> properties = new LinkedHashMap<>();

    public JobSpec apply(JobSpec spec) {
        KafkaSpec k = spec.kafka();
        if (bootstrap != null) k = k.withBootstrap(bootstrap);
        if (groupId != null) k = k.withGroupId(groupId);
        if (topicPrefix != null) k = k.withTopics(k.topics().prefixed(topicPrefix));
        for (Map.Entry<String, String> e : properties.entrySet()) k = k.withProperty(e.getKey(), e.getValue());
        return spec.withKafka(k).validated();
    }
}
