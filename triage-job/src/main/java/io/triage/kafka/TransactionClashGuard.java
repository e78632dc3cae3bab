package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Finds another live job writing with this job's transactional ids. Two deployments with the same ids fence
 * each other: each start aborts the other's open transactions, whose records are then lost. A live writer
 * opens a transaction at every checkpoint, so one that started after a first look, a couple of checkpoint
 * intervals later (looked for every 100 ms), is someone else's; transactions left open by this job's own earlier run (which the new run
 * aborts) do not start again.
 */
public final class TransactionClashGuard {
    static final long POLL_MS = 100;
    private TransactionClashGuard() {}

    /** The open transactions whose id starts with {@code prefix}, as "id@start time". */
    static Set<String> open(Admin admin, String prefix) throws Exception {
        List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.transactionalId().startsWith(prefix + "-"))
                .filter(t -> t.state() == TransactionState.ONGOING)
                .map(TransactionListing::transactionalId).toList();
        Set<String> open = new HashSet<>();
        if (ids.isEmpty()) return open;
        Map<String, TransactionDescription> d = admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS);
        d.forEach((id, t) -> {
            if (t.state() == TransactionState.ONGOING) open.add(id + "@" + t.transactionStartTimeMs().orElse(0L));
        });
        return open;
    }

    /**
     * Why this job must not start (another live writer uses its transactional ids), or empty.
     *
     * @param prefix the transactional id prefix of one of the job's sinks
     * @param watch  how long to watch for a new transaction (a few checkpoint intervals of the other job)
     */
    public static Optional<String> clash(KafkaSpec kafka, String prefix, Duration watch) throws Exception {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        try (Admin admin = Admin.create(p)) {
            Set<String> before = open(admin, prefix);
            long until = System.currentTimeMillis() + watch.toMillis();
            while (System.currentTimeMillis() < until) {
                Thread.sleep(POLL_MS);
                Set<String> now = open(admin, prefix);
                now.removeAll(before);
                if (!now.isEmpty()) {
                    return Optional.of("another job is writing with transactional ids '" + prefix + "-…' (it opened "
                            + now.iterator().next().split("@")[0] + " just now): a second deployment under the same "
                            + "name and topics would fence the first and lose its open transactions. Stop the other "
                            + "one first, or give this one its own kafka.transactionalIdPrefix and topics");
                }
            }
            return Optional.empty();
        }
    }
}
