package io.triage.event;

/**
 * A human label for a record.
 *
 * @param id         the record id it labels
 * @param model      model id (may be null: taken from the review request)
 * @param label      the class chosen by the annotator
 * @param annotator  who labeled it
 * @param ts         when it was given, epoch ms
 * @param eventId    unique id of this label event (dedup); may be null
 */
public record Label(String id, String model, String label, String annotator, long ts, String eventId) {}
