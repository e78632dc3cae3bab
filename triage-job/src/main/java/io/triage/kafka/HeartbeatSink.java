package io.triage.kafka;

import io.triage.codec.Heartbeats;
import io.triage.spec.KafkaSpec;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Heartbeats heartbeat} to every partition of the given topics for each tick it gets. Not
 * transactional: a heartbeat must be readable at once (read_committed readers still see it only after the
 * transactions open before it), and a lost or repeated one is harmless. The partitions are looked up again every
 * minute, so added partitions get heartbeats too.
 */
public final class HeartbeatSink implements Sink<Long> {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSink.class);
    private static final long REFRESH_MS = 60_000;
    private final KafkaSpec kafka;
    private final List<String> topics;

    public HeartbeatSink(KafkaSpec kafka, List<String> topics) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
    }

    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
        Map<String, Object> c = new HashMap<>(kafka.properties());
        c.remove("transactional.id");
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        c.put(ProducerConfig.ACKS_CONFIG, "1");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // out of reach, a send must fail fast instead of holding the task: the next tick tries again
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        return new Writer(new KafkaProducer<>(c, new StringSerializer(), new StringSerializer()), topics);
    }

    private static final class Writer implements SinkWriter<Long> {
        private final KafkaProducer<String, String> producer;
        private final List<String> topics;
        private final Map<String, List<PartitionInfo>> partitions = new HashMap<>();
        private long lookedUpAt = Long.MIN_VALUE;
        private long failures;

        Writer(KafkaProducer<String, String> producer, List<String> topics) {
            this.producer = producer;
            this.topics = topics;
        }

        @Override
        public void write(Long tick, Context context) {
            long now = System.currentTimeMillis();
            if (now - lookedUpAt >= REFRESH_MS) {
                try {
                    for (String t : topics) partitions.put(t, producer.partitionsFor(t));
                    lookedUpAt = now;
                } catch (RuntimeException e) {
                    // the broker is out of reach: so are the readers, whose event time waits for the next heartbeat
                    if (failures++ % 60 == 0) LOG.warn("heartbeats: cannot look up partitions ({})", e.toString());
                    return;
                }
            }
            String message = Heartbeats.message(now);
            for (Map.Entry<String, List<PartitionInfo>> e : partitions.entrySet()) {
                for (PartitionInfo p : e.getValue()) {
                    producer.send(new ProducerRecord<>(e.getKey(), p.partition(), now, null, message), (md, ex) -> {
                        if (ex != null && failures++ % 60 == 0) LOG.warn("heartbeat to {} not written ({})", p, ex.toString());
                    });
                }
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            // nothing to make durable: a checkpoint must not wait for heartbeats while the broker is away
        }

        @Override
        public void close() {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
