package io.triage.event;

/**
 * A verified outcome: a review request joined with its human label, for the Learner.
 *
 * @param recordId      record id
 * @param model         model id
 * @param label         the human label (ground truth for learning)
 * @param annotator     who gave it
 * @param indices       sparse features
 * @param values        raw values
 * @param predicted     the prediction at routing time (null without a model)
 * @param confidence    the confidence at routing time
 * @param reason        why it was reviewed
 * @param labelWeight   inverse probability of review (for unbiased precision estimates)
 * @param modelVersion  model version at routing time
 * @param ts            record event time
 * @param labeledAt     epoch ms when the label entered the job
 * @param policyVersion policy version at routing time (−1: unknown); certificates count only outcomes of records
 *                      routed after they opened, so evidence from a review backlog never certifies today's traffic
 */
public record LabeledExample(
        String recordId,
        String model,
        String label,
        String annotator,
        int[] indices,
        double[] values,
        String predicted,
        double confidence,
        Route reason,
        double labelWeight,
        long modelVersion,
        long ts,
        long labeledAt,
        long policyVersion) {

    /** An outcome whose routing-time policy version is unknown (−1). */
    public LabeledExample(String recordId, String model, String label, String annotator, int[] indices, double[] values,
                          String predicted, double confidence, Route reason, double labelWeight, long modelVersion,
                          long ts, long labeledAt) {
        this(recordId, model, label, annotator, indices, values, predicted, confidence, reason, labelWeight,
                modelVersion, ts, labeledAt, -1);
    }

    /** A person's answer to a review request: what the request showed, with the label and who gave it. */
    public static LabeledExample answering(ReviewRequest r, String label, String annotator, long labeledAt) {
        return new LabeledExample(r.recordId(), r.model(), label, annotator, r.indices(), r.values(), r.predicted(),
                r.confidence(), r.reason(), r.labelWeight(), r.modelVersion(), r.ts(), labeledAt, r.policyVersion());
    }
}
