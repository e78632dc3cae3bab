package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

import java.io.IOException;
import java.util.Collection;

/**
 * A {@link KafkaSink} whose committer reports transactions it could not commit ({@link ReportingCommitter});
 * everything else — writers, their state, the committables and their serializers — is the Kafka sink's own, so
 * checkpoints and savepoints are those of the plain sink.
 */
public final class ReportingKafkaSink<IN> implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {
    private final KafkaSink<IN> inner;
    private final KafkaSpec kafka;

    public ReportingKafkaSink(KafkaSink<IN> inner, KafkaSpec kafka) {
        this.inner = inner;
        this.kafka = kafka;
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(WriterInitContext c)
            throws IOException {
        return inner.createWriter(c);
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(WriterInitContext c,
            Collection<KafkaWriterState> states) throws IOException {
        return inner.restoreWriter(c, states);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return inner.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext c) throws IOException {
        MetricGroup g = c.metricGroup();
        return new ReportingCommitter(inner.createCommitter(c), kafka, g.counter("transactionsLost"),
                g.counter("commitsAlreadyDone"), g.counter("commitsUnverified"));
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return inner.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        inner.addPostCommitTopology(committables);
    }

    @Override
    public LineageVertex getLineageVertex() {
        return inner.getLineageVertex();
    }
}
