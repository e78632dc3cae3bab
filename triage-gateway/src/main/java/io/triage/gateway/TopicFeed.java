package io.triage.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.codec.LabelDecoder;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.event.InvalidInputException;
import io.triage.event.Label;
import io.triage.spec.JobSpec;
import io.triage.spec.TopicsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the job's committed outputs (read_committed, from the beginning, so a restarted gateway knows what is
 * still open): {@code review-requests} fill the queue, {@code labels} take items out of it (or, when two
 * disagree, hand them to someone outside the dispute), {@code decisions} empty it, and the
 * latest {@code metrics} per model feed the stats. A review request whose signature does not verify, or a label
 * that does not, is counted and ignored: nobody can put an item in front of reviewers, or hide one, by writing
 * to the topics.
 */
public final class TopicFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);

    private final KafkaConsumer<String, String> consumer;
    private final TopicsSpec topics;
    private final ReviewQueue queue;
    private final ReviewRequestDecoder requests;
    private final LabelDecoder labels;
    private final String defaultModel;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, JsonNode> latestMetrics = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> startEnds;

    public TopicFeed(JobSpec spec, ReviewQueue queue, ReviewRequestDecoder requests, LabelDecoder labels) {
        Properties p = new Properties();
        p.putAll(spec.kafka().properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.kafka().bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topics = spec.kafka().topics();
        this.queue = queue;
        this.requests = requests;
        this.labels = labels;
        this.defaultModel = spec.defaultModel().orElse(null);
        this.thread = new Thread(this::run, "triage-gateway-feed");
        this.thread.setDaemon(true);
    }

    public TopicFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(topics.reviewRequests(), topics.decisions(), topics.labels(), topics.metrics())) {
                List<PartitionInfo> info = consumer.partitionsFor(t, Duration.ofSeconds(30));
                if (info != null) info.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            startEnds = consumer.endOffsets(parts);
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) handle(r);
                if (!caughtUp.get() && reachedStartEnds()) {
                    caughtUp.set(true);
                    LOG.info("gateway caught up with the job's topics");
                }
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } catch (RuntimeException e) {
            LOG.error("gateway topic feed stopped", e);
            throw e;
        }
    }

    private boolean reachedStartEnds() {
        for (Map.Entry<TopicPartition, Long> e : startEnds.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private void handle(ConsumerRecord<String, String> r) {
        String t = r.topic();
        if (io.triage.codec.Heartbeats.is(r.value())) return; // the job's own, for its event time
        try {
            if (t.equals(topics.reviewRequests())) {
                queue.offer(requests.decode(r.value()));
            } else if (t.equals(topics.decisions())) {
                JsonNode d = Json.MAPPER.readTree(r.value());
                queue.decided(d.path("model").asText(), d.path("recordId").asText(), d.path("appealId").asText(null));
            } else if (t.equals(topics.labels())) {
                Label l = labels.decode(r.value(), r.timestamp());
                String model = l.model() != null ? l.model() : defaultModel; // as the job fills it in
                if (model != null) queue.labeled(model, l.id(), l.annotator(), l.label(), l.ts());
            } else if (t.equals(topics.metrics())) {
                JsonNode m = Json.MAPPER.readTree(r.value());
                latestMetrics.put(m.path("model").asText(), m);
            }
        } catch (InvalidInputException | java.io.IOException e) {
            if (refused.incrementAndGet() <= 10) LOG.warn("gateway ignores a message on {}: {}", t, e.getMessage());
        }
    }

    /** Whether everything on the topics when the gateway started has been read. */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    /** Messages ignored because they did not decode or their signature did not verify. */
    public long refused() {
        return refused.get();
    }

    /** The job's latest metrics of a model (null before the first). */
    public JsonNode metrics(String model) {
        return latestMetrics.get(model);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
