package io.triage.event;

/**
 * A request to contest a decided record: a person (or a system acting for one) asks for human review of the
 * decision the job made.
 *
 * @param appealId  unique id of this appeal (a resend with the same id is the same appeal)
 * @param model     model id (may be null when the job serves one model)
 * @param recordId  the record whose decision is contested
 * @param reason    why, in the appellant's words (shown to the reviewer)
 * @param appellant who appeals (a customer reference, a case id); may be null
 * @param ts        when it was made, epoch ms (the broker's timestamp, or earlier if the appeal says so)
 */
public record Appeal(String appealId, String model, String recordId, String reason, String appellant, long ts) {}
