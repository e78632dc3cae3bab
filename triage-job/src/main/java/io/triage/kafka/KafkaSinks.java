package io.triage.kafka;

import io.triage.event.AuditEvent;
import io.triage.event.DeadLetter;
import io.triage.event.Decision;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import io.triage.spec.KafkaSpec;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;

import java.util.Map;

/**
 * Transactional (EXACTLY_ONCE) Kafka outputs, one sink per topic, each with its own transactional id
 * prefix. What a failed checkpoint wrote is aborted; read_committed readers see each event once.
 */
public final class KafkaSinks implements TriageSinks {
    private final KafkaSpec kafka;
    private final String jobName;

    public KafkaSinks(KafkaSpec kafka, String jobName) {
        this.kafka = kafka;
        this.jobName = jobName;
    }

    @Override
    public Sink<Decision> decisions() {
        return sink(kafka.topics().decisions(), Decision::recordId);
    }

    @Override
    public Sink<ReviewRequest> reviewRequests() {
        return sink(kafka.topics().reviewRequests(), ReviewRequest::recordId);
    }

    @Override
    public Sink<AuditEvent> audit() {
        return sink(kafka.topics().audit(), e -> e.recordId() != null ? e.recordId() : e.model());
    }

    @Override
    public Sink<ModelPublished> models() {
        return sink(kafka.topics().models(), ModelPublished::model);
    }

    @Override
    public Sink<Metrics> metrics() {
        return sink(kafka.topics().metrics(), Metrics::model);
    }

    @Override
    public Sink<DeadLetter> deadLetter() {
        return sink(kafka.topics().deadLetter(), DeadLetter::source);
    }

    @Override
    public Sink<Long> heartbeats() {
        return new HeartbeatSink(kafka, java.util.List.of(kafka.topics().labels(), kafka.topics().reviewRequests()));
    }

    /** Producer settings of every transactional sink, unless the spec's {@code kafka.properties} set them. */
    static final Map<String, String> BATCHING = Map.of("linger.ms", "20", "batch.size", Integer.toString(256 * 1024));

    private <T> Sink<T> sink(String topic, SerializableFunction<T, String> key) {
        KafkaRecordSerializationSchema<T> schema = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(new KeyOf<>(key))
                .setValueSerializationSchema(new JsonSerialization<T>())
                .build();
        var b = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix(jobName, topic));
        // what a sink writes is visible at its checkpoint's commit, not before: waiting to fill large batches costs
        // no latency anyone sees, and far fewer produce requests cost the producer and the broker less per record
        BATCHING.forEach(b::setProperty);
        kafka.properties().forEach(b::setProperty); // the spec's own settings win
        b.setProperty("transaction.timeout.ms", Integer.toString(kafka.transactionTimeoutMs()));
        return new ReportingKafkaSink<>(b.build(), kafka);
    }
}
