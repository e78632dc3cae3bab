package io.triage.kafka;

import io.triage.spec.KafkaSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Refuses a start without state over a {@code decisions} topic that already holds decisions. Without the
 * checkpointed state the pending reviews of the earlier run never get an outcome, and sources resume at the
 * group's offsets — or, under a new group id, from the beginning, deciding old records a second time. Recovery
 * is from a savepoint or retained checkpoint ({@code flink run -s PATH}); starting afresh over old outputs takes
 * an explicit {@code --allow-fresh-start}.
 */
public final class FreshStartGuard {
    private FreshStartGuard() {}

    /** Decisions already committed to the decisions topic (0 when it does not exist yet). */
    public static long decisionsWritten(KafkaSpec kafka) throws Exception {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        String topic = kafka.topics().decisions();
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) return 0;
            TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            d.partitions().forEach(tp -> latest.put(new TopicPartition(topic, tp.partition()), OffsetSpec.latest()));
            long n = 0;
            for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) n += e.offset();
            return n;
        }
    }

    /**
     * Why this start must not go ahead, or empty when it may.
     *
     * @param restoringFrom the savepoint or checkpoint the job restores (empty: none)
     * @param allowFresh    the operator said a start without state is meant
     * @param written       what {@link #decisionsWritten} found
     */
    public static Optional<String> refusal(KafkaSpec kafka, Optional<String> restoringFrom, boolean allowFresh,
                                           long written) {
        if (restoringFrom.isPresent() || allowFresh || written == 0) return Optional.empty();
        return Optional.of("the decisions topic '" + kafka.topics().decisions() + "' already holds " + written
                + " messages, and this start restores no state: pending reviews of the earlier run would never be "
                + "decided, and records could be decided twice. Restore from a savepoint or retained checkpoint "
                + "(flink run -s PATH …), or pass --allow-fresh-start if starting over is meant");
    }
}
