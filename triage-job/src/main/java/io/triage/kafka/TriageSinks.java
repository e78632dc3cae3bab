package io.triage.kafka;

import io.triage.event.AuditEvent;
import io.triage.event.DeadLetter;
import io.triage.event.Decision;
import io.triage.event.Metrics;
import io.triage.event.ModelPublished;
import io.triage.event.ReviewRequest;
import org.apache.flink.api.connector.sink2.Sink;

/** The job's six outputs; injected so that tests and demos can swap them. */
public interface TriageSinks {
    Sink<Decision> decisions();

    Sink<ReviewRequest> reviewRequests();

    Sink<AuditEvent> audit();

    Sink<ModelPublished> models();

    Sink<Metrics> metrics();

    Sink<DeadLetter> deadLetter();

    /**
     * Where the job's heartbeat ticks go ({@link HeartbeatSink}: into the partitions it reads event time from);
     * null: no heartbeats (quiet partitions are then guessed idle from the clock).
     */
    default Sink<Long> heartbeats() {
        return null;
    }
}
