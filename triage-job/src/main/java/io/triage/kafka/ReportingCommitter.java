package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Wraps the Kafka sink's committer so that a transaction it could not commit is never passed over in silence:
 * the connector logs "most likely signals data loss" and goes on. Each failed commit is looked up on the broker
 * ({@link CommitOutcomes}): one committed before a failure is counted {@code commitsAlreadyDone} (benign, after
 * every recovery from a checkpoint whose commit had gone through); one the broker aborted is an ERROR naming the
 * transaction and is counted {@code transactionsLost} (alert on it: those records were never written); one
 * whose id has been used again since, so that the broker cannot tell how it ended, is a WARN counted
 * {@code commitsUnverified}.
 */
public final class ReportingCommitter implements Committer<KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportingCommitter.class);
    private final Committer<KafkaCommittable> inner;
    private final KafkaSpec kafka;
    private final Counter lost;
    private final Counter alreadyDone;
    private final Counter unverified;
    private CommitOutcomes outcomes;

    public ReportingCommitter(Committer<KafkaCommittable> inner, KafkaSpec kafka, Counter lost, Counter alreadyDone,
                              Counter unverified) {
        this.unverified = unverified;
        this.inner = inner;
        this.kafka = kafka;
        this.lost = lost;
        this.alreadyDone = alreadyDone;
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<Watched> watched = new ArrayList<>();
        for (CommitRequest<KafkaCommittable> r : requests) watched.add(new Watched(r));
        inner.commit(new ArrayList<>(watched));
        for (Watched w : watched) {
            if (w.failure == null) continue;
            String id = w.getCommittable().getTransactionalId();
            if (outcomes == null) outcomes = new CommitOutcomes(kafka);
            CommitOutcomes.Outcome o = outcomes.of(id);
            if (o == CommitOutcomes.Outcome.COMMITTED) {
                alreadyDone.inc();
                LOG.info("transaction {} had been committed before the recovery: nothing lost", id);
            } else if (o == CommitOutcomes.Outcome.UNKNOWN) {
                unverified.inc();
                LOG.warn("transaction {} could not be committed ({}) and the broker no longer knows how it ended (its "
                        + "id was used again): check the outputs of this checkpoint if transactionsLost rises too",
                        id, w.failure.toString());
            } else {
                lost.inc();
                LOG.error("transaction {} could not be committed ({}) and the broker reports it {}: its records are "
                        + "LOST — the recovery took longer than kafka.transactionTimeoutMs, or another job uses this "
                        + "job's transactional ids", id, w.failure.toString(), "aborted");
            }
        }
    }

    @Override
    public void close() throws Exception {
        inner.close();
        if (outcomes != null) outcomes.close();
    }

    /** A request that remembers whether the inner committer gave up on it. */
    private static final class Watched implements CommitRequest<KafkaCommittable> {
        private final CommitRequest<KafkaCommittable> r;
        private Throwable failure;

        Watched(CommitRequest<KafkaCommittable> r) {
            this.r = r;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return r.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return r.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            failure = t;
            r.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            failure = t;
            r.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            r.retryLater();
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable c) {
            r.updateAndRetryLater(c);
        }

        @Override
        public void signalAlreadyCommitted() {
            r.signalAlreadyCommitted();
        }
    }
}
