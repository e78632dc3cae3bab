package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the broker says became of a transaction the sink could not commit. After a recovery the committer
 * commits again what the last completed checkpoint pre-committed; if that had been committed before the failure,
 * the broker answers "fenced" and nothing is lost. If instead the broker aborted it (its transaction timeout ran
 * out during a long recovery), its records are gone and the sources are already past them.
 */
public final class CommitOutcomes implements AutoCloseable {
    public enum Outcome { COMMITTED, LOST, UNKNOWN }

    private final Admin admin;

    public CommitOutcomes(KafkaSpec kafka) {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        this.admin = Admin.create(p);
    }

    public Outcome of(String transactionalId) {
        try {
            TransactionState s = admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).state();
            // a transaction of a completed checkpoint that ended aborted was never written; one whose id has been
            // initialised again since (EMPTY) may have ended either way
            return switch (s) {
                case COMPLETE_COMMIT, PREPARE_COMMIT -> Outcome.COMMITTED;
                case COMPLETE_ABORT, PREPARE_ABORT -> Outcome.LOST;
                default -> Outcome.UNKNOWN;
            };
        } catch (Exception e) {
            return Outcome.UNKNOWN;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
