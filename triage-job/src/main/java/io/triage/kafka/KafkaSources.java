package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka inputs, read_committed, starting from the group's committed offsets (earliest when none);
 * after a restore Flink's checkpointed offsets win, which is what makes the inputs exactly-once.
 */
public final class KafkaSources implements TriageSources {
    /**
     * Quiet time after which a live partition of labels or requests lets event time follow the clock. Labels come
     * from reviewers' tools and are read seconds after they were sent, unless the job is behind; review requests
     * become visible when the job's own transaction commits, up to a checkpoint interval later.
     */
    static final Duration IDLE = Duration.ofSeconds(2);
    private final KafkaSpec kafka;

    public KafkaSources(KafkaSpec kafka) {
        this.kafka = kafka;
    }

    @Override
    public DataStream<String> records(StreamExecutionEnvironment env) {
        return env.fromSource(source(kafka.topics().records()), WatermarkStrategy.noWatermarks(), "records")
                .uid("source-records");
    }

    @Override
    public DataStream<String> labels(StreamExecutionEnvironment env) {
        return env.fromSource(source(kafka.topics().labels()), LiveWatermarks.strategy(IDLE, Duration.ofSeconds(5)), "labels")
                .uid("source-labels");
    }

    @Override
    public DataStream<String> reviewRequests(StreamExecutionEnvironment env) {
        return env.fromSource(source(kafka.topics().reviewRequests()), LiveWatermarks.strategy(IDLE, Duration.ofSeconds(60)),
                "review-requests-readback").uid("source-review-requests");
    }

    @Override
    public DataStream<String> appeals(StreamExecutionEnvironment env) {
        return env.fromSource(source(kafka.topics().appeals()), WatermarkStrategy.noWatermarks(), "appeals")
                .uid("source-appeals");
    }

    @Override
    public DataStream<String> decisions(StreamExecutionEnvironment env) {
        // event time for the OutcomeDesk's waits: committed at checkpoints, read live within the interval
        return env.fromSource(source(kafka.topics().decisions()), LiveWatermarks.strategy(IDLE, Duration.ofSeconds(60)),
                "decisions-readback").uid("source-decisions-readback");
    }

    @Override
    public DataStream<String> outcomes(StreamExecutionEnvironment env) {
        return env.fromSource(source(kafka.topics().outcomes()), LiveWatermarks.strategy(IDLE, Duration.ofSeconds(5)), "outcomes")
                .uid("source-outcomes");
    }

    private KafkaSource<String> source(String topic) {
        var b = KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setTopics(topic)
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId() + "-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new RawMessageSchema()); // null values (tombstones) → "" → dead-letter
        kafka.properties().forEach(b::setProperty);
        b.setProperty("isolation.level", "read_committed");
        b.setProperty("partition.discovery.interval.ms", "10000");
        return b.build();
    }
}
