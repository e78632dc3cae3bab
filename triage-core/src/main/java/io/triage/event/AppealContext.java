package io.triage.event;

/**
 * What an appeal review shows and decides against: the appeal and the decision it contests. Appeals are not blind:
 * the reviewer sees the decision, its source, the model version and confidence.
 *
 * @param appealId   the appeal's id
 * @param reason     the appellant's reason
 * @param appellant  who appealed (may be null)
 * @param decision   the contested decision (a class)
 * @param source     who made it (AUTO, HUMAN, EXPIRED)
 * @param annotator  the annotator who made it (HUMAN), else null: they may not review their own decision
 * @param decidedAt  when it was made, epoch ms: an amended decision names it in {@code supersedes}
 */
public record AppealContext(String appealId, String reason, String appellant, String decision, DecisionSource source,
                            String annotator, long decidedAt) {}
