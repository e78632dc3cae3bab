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
    private final AtomicLong sent = new AtomicLong();
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

    /** Record id → true class, for every record sent so far. */
    public Map<String, String> truth() {
        return truth;
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
                producer.send(new ProducerRecord<>(topic, id, r.json()));
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
