package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triage.kafka.ReportingCommitter;
import io.triage.local.EmbeddedKafka;
import io.triage.spec.KafkaSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A transaction the Kafka sink cannot commit is classified on a real broker: committed before the failure
 * (benign) or aborted by the broker (lost, reported). The inner committer here fails every request the way the
 * connector's does when the broker answers "fenced".
 */
class ReportingCommitterIT {
    private static void transaction(EmbeddedKafka kafka, String id, String topic, boolean commit) throws Exception {
        try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "transactional.id", id), new StringSerializer(), new StringSerializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "k", "v")).get();
            if (commit) p.commitTransaction();
            else p.abortTransaction(); // as the broker does when the transaction timeout runs out
        }
    }

    @Test
    void aTransactionTheBrokerAbortedIsReportedLostAndOneAlreadyCommittedIsNot() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        String topic = "reporting-committer";
        kafka.createTopics(1, topic);
        transaction(kafka, "rc-committed-0-1", topic, true);
        transaction(kafka, "rc-aborted-0-2", topic, false);

        List<String> failed = new ArrayList<>();
        Committer<KafkaCommittable> fenced = new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
                for (CommitRequest<KafkaCommittable> r : requests) {
                    failed.add(r.getCommittable().getTransactionalId());
                    r.signalFailedWithKnownReason(new ProducerFencedException("fenced"));
                }
            }

            @Override
            public void close() {}
        };
        SimpleCounter lost = new SimpleCounter(), done = new SimpleCounter(), unverified = new SimpleCounter();
        KafkaSpec spec = new KafkaSpec(kafka.bootstrapServers(), null, null, null, null, null);
        try (ReportingCommitter c = new ReportingCommitter(fenced, spec, lost, done, unverified)) {
            c.commit(List.of(request(new KafkaCommittable(0, (short) 0, "rc-committed-0-1", null)),
                    request(new KafkaCommittable(0, (short) 0, "rc-aborted-0-2", null))));
        }
        assertEquals(List.of("rc-committed-0-1", "rc-aborted-0-2"), failed);
        assertEquals(1, done.getCount(), "committed before the failure: nothing lost");
        assertEquals(1, lost.getCount(), "aborted by the broker: lost, and counted");
        assertEquals(0, unverified.getCount());
    }

    private static Committer.CommitRequest<KafkaCommittable> request(KafkaCommittable c) {
        return new Committer.CommitRequest<>() {
            public KafkaCommittable getCommittable() {
                return c;
            }

            public int getNumberOfRetries() {
                return 0;
            }

            public void signalFailedWithKnownReason(Throwable t) {}

            public void signalFailedWithUnknownReason(Throwable t) {}

            public void retryLater() {}

            public void updateAndRetryLater(KafkaCommittable committable) {}

            public void signalAlreadyCommitted() {}
        };
    }
}
