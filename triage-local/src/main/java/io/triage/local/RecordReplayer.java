package io.triage.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays a {@link RecordStream} into the records topic at a target rate, remembering each record's true
 * class for the simulated annotators and the demo's realized-precision figures.
 */
public final class RecordReplayer implements Runnable, AutoCloseable {
    private final RecordStream stream;
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final double ratePerSecond;
    private final long limit;
    private final Map<String, String> truth = new ConcurrentHashMap<>();
    /** Record id → its position in the stream: plots go by it, not by the order outputs were read. */
    private final Map<String, Long> index = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile SendListener listener;
    private volatile boolean stopped;
    private volatile boolean done;

    /**
     * @param ratePerSecond target rate (≤ 0: as fast as possible)
     * @param limit         records to send at most (≤ 0: until the stream ends)
     */
    public RecordReplayer(String bootstrap, String topic, RecordStream stream, double ratePerSecond, long limit) {
        this.stream = stream;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.limit = limit;
        this.producer = Producers.create(bootstrap, "triage-replayer", Map.of());
    }

    /** Told of every record the broker acknowledged or refused (from the producer's I/O thread). */
    public interface SendListener {
        void acknowledged(String id);

        void failed(String id, Exception e);
    }

    /** Tells {@code l} of each send from now on (the chaos run's log of what was sent); returns this. */
    public RecordReplayer onSend(SendListener l) {
        this.listener = l;
        return this;
    }

    /** Record id → true class, for every record sent so far. */
    public Map<String, String> truth() {
        return truth;
    }

    /** Record id → its 0-based position in the stream (the first time it was sent), for every record sent so far. */
    public Map<String, Long> index() {
        return index;
    }

    public long sent() {
        return sent.get();
    }

    public boolean done() {
        return done;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            while (!stopped && stream.hasNext() && (limit <= 0 || sent.get() < limit)) {
                LabeledRecord r = stream.next();
                String id = RecordIds.idOf(r.json());
                truth.put(id, r.truth());
                index.putIfAbsent(id, sent.get());
                SendListener l = listener;
                producer.send(new ProducerRecord<>(topic, id, r.json()), l == null ? null : (md, e) -> {
                    if (e == null) l.acknowledged(id);
                    else l.failed(id, e);
                });
                long n = sent.incrementAndGet();
                if (ratePerSecond > 0) pace(start, n);
            }
            producer.flush();
        } finally {
            done = true;
        }
    }

    private void pace(long start, long n) {
        long due = start + (long) (n * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        producer.close();
        stream.close();
    }
}
