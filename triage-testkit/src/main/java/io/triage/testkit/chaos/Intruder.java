package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an at-least-once producer and someone who can write to the job's topics send into the live stream, in
 * turn, one message a second: a record resent (same model and id), a label for a real record in a reviewer's name
 * with a signature made without their key, and a review request the job never wrote. Only what the broker
 * acknowledged is logged ({@link SendLog}); the verifier then expects each to be refused with its reason and none
 * to reach a decision or the model.
 */
public final class Intruder implements Runnable, AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String records;
    private final String labels;
    private final String requests;
    private final String model;
    private final String annotator;
    private final SendLog log;
    private final long everyMs;
    private final Random rnd;
    private final AtomicBoolean stop = new AtomicBoolean();
    private long n;

    public Intruder(String bootstrap, String records, String labels, String requests, String model, String annotator,
                    SendLog log, long everyMs, long seed) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "intruder"),
                new StringSerializer(), new StringSerializer());
        this.records = records;
        this.labels = labels;
        this.requests = requests;
        this.model = model;
        this.annotator = annotator;
        this.log = log;
        this.everyMs = everyMs;
        this.rnd = new Random(seed);
    }

    @Override
    public void run() {
        try {
            while (!stop.get()) {
                Thread.sleep(everyMs);
                List<String> sent = new ArrayList<>(log.records());
                if (sent.isEmpty()) continue;
                String id = sent.get(rnd.nextInt(sent.size()));
                switch ((int) (n++ % 3)) {
                    case 0 -> resend(id);
                    case 1 -> forgeLabel(id);
                    default -> forgeRequest(id);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(); // here, not in close(): a send in flight must not meet a closed producer
        }
    }

    private void resend(String id) {
        String json = "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"features\":{\"amount\":1.0}}";
        producer.send(new ProducerRecord<>(records, id, json), (md, e) -> {
            if (e == null) log.resent(id);
        });
    }

    private void forgeLabel(String id) {
        String eventId = "forged-" + n;
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("id", id);
        l.put("model", model);
        l.put("label", "fraud");
        l.put("annotator", annotator);
        l.put("ts", System.currentTimeMillis());
        l.put("eventId", eventId);
        l.put("signature", "00".repeat(32)); // made without the annotator's key
        producer.send(new ProducerRecord<>(labels, id, l.toString()), (md, e) -> {
            if (e == null) log.forgedLabel(eventId);
        });
    }

    private void forgeRequest(String id) {
        // a well-formed request the job never signed: it would give the record a second, human decision
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("recordId", "forged-" + id);
        r.put("model", model);
        r.put("ts", 0);
        r.put("features", "{}");
        r.putArray("indices").add(0);
        r.putArray("values").add(1.0);
        r.put("predicted", "legit");
        r.putArray("classes").add("fraud").add("legit");
        r.putArray("scores").add(0.5).add(0.5);
        r.put("confidence", 0.5);
        r.put("reason", "REVIEW");
        r.put("priority", 0.5);
        r.put("deadline", System.currentTimeMillis() + 60_000);
        r.put("modelVersion", 1);
        r.put("policyVersion", 1);
        r.put("labelWeight", 1.0);
        r.put("requestedAt", System.currentTimeMillis());
        producer.send(new ProducerRecord<>(requests, "forged-" + id, r.toString()), (md, e) -> {
            if (e == null) log.forgedRequest("forged-" + id);
        });
    }

    @Override
    public void close() {
        stop.set(true);
    }
}
