package io.triage.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triage.spec.TopicsSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
    @Test
    void theAuditTrailIsKeptForeverInputsAMonthMetricsAWeek() {
        List<TopicPlan.Topic> topics = new TopicPlan(4, (short) 3).topics(TopicsSpec.defaults().prefixed("eu-"));
        Map<String, String> retention = topics.stream()
                .collect(Collectors.toMap(TopicPlan.Topic::name, t -> t.configs().get("retention.ms")));
        assertEquals(Map.of("eu-records", "2592000000", "eu-labels", "2592000000", "eu-appeals", "2592000000", "eu-outcomes", "2592000000",
                "eu-review-requests", "2592000000",
                "eu-decisions", "-1", "eu-audit", "-1", "eu-models", "-1", "eu-metrics", "604800000",
                "eu-dead-letter", "2592000000"), retention);
        for (TopicPlan.Topic t : topics) {
            assertEquals(4, t.partitions());
            assertEquals(3, t.replicationFactor());
            assertEquals("2", t.configs().get("min.insync.replicas"), t.name());
            assertEquals("CreateTime", t.configs().get("message.timestamp.type"));
            assertEquals("delete", t.configs().get("cleanup.policy"));
        }
    }

    @Test
    void minInsyncReplicasNeverExceedsTheReplicas() {
        assertEquals("1", new TopicPlan(1, (short) 1).topics(TopicsSpec.defaults()).get(0).configs().get("min.insync.replicas"));
        assertEquals("2", new TopicPlan(1, (short) 2).topics(TopicsSpec.defaults()).get(0).configs().get("min.insync.replicas"));
        assertThrows(IllegalArgumentException.class, () -> new TopicPlan(0, (short) 1));
        assertThrows(IllegalArgumentException.class, () -> new TopicPlan(1, (short) 0));
    }
}
