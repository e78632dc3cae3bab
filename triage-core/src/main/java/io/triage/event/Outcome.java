package io.triage.event;

/**
 * Observed truth about a decided record, possibly weeks after its decision: a chargeback, a confirmed diagnosis,
 * a court's ruling. Unlike a label it is not an answer to a review request; it checks a decision already made.
 *
 * @param outcomeId  unique id of this observation (a resend with the same id is the same outcome)
 * @param model      model id (may be null when the job serves one model)
 * @param recordId   the record it is about
 * @param label      the true class
 * @param source     where the truth comes from (e.g. "chargeback"); may be null
 * @param observedAt when it was observed, epoch ms (the broker's timestamp, or earlier if the message says so)
 */
public record Outcome(String outcomeId, String model, String recordId, String label, String source, long observedAt) {}
