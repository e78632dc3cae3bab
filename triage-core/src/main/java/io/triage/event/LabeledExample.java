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
 * @param voters        for a consensus item, the annotators whose votes decided it (null: a single label)
 * @param votes         their classes, parallel to {@code voters}: the Learner estimates annotator accuracy from
 *                      them to weight later labels in learning ({@link io.triage.review.AnnotatorWeights})
 * @param corrects      for a correction (an annotator changed their answer within the correction window), the class
 *                      the record's decision had before, which this label replaces; null for a record's first answer.
 *                      The Learner relabels with it (a learning step, a new version) but does not count the record
 *                      as a second outcome of the same selection.
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
        long policyVersion,
        String[] voters,
        String[] votes,
        String corrects) {

    /** A first answer, with the votes of a consensus item (null: a single label). */
    public LabeledExample(String recordId, String model, String label, String annotator, int[] indices, double[] values,
                          String predicted, double confidence, Route reason, double labelWeight, long modelVersion,
                          long ts, long labeledAt, long policyVersion, String[] voters, String[] votes) {
        this(recordId, model, label, annotator, indices, values, predicted, confidence, reason, labelWeight,
                modelVersion, ts, labeledAt, policyVersion, voters, votes, null);
    }

    /** A single label's outcome. */
    public LabeledExample(String recordId, String model, String label, String annotator, int[] indices, double[] values,
                          String predicted, double confidence, Route reason, double labelWeight, long modelVersion,
                          long ts, long labeledAt, long policyVersion) {
        this(recordId, model, label, annotator, indices, values, predicted, confidence, reason, labelWeight,
                modelVersion, ts, labeledAt, policyVersion, null, null);
    }

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

    /** The same, for a consensus item: with the votes that decided it. */
    public LabeledExample withVotes(java.util.List<String> voters, java.util.List<String> votes) {
        return new LabeledExample(recordId, model, label, annotator, indices, values, predicted, confidence, reason,
                labelWeight, modelVersion, ts, labeledAt, policyVersion, voters.toArray(new String[0]),
                votes.toArray(new String[0]), corrects);
    }

    /** The same with another class. */
    public LabeledExample withLabel(String other) {
        return new LabeledExample(recordId, model, other, annotator, indices, values, predicted, confidence, reason,
                labelWeight, modelVersion, ts, labeledAt, policyVersion, voters, votes, corrects);
    }

    /** The same, as the correction of a decision that was {@code previous}. */
    public LabeledExample correcting(String previous) {
        return new LabeledExample(recordId, model, label, annotator, indices, values, predicted, confidence, reason,
                labelWeight, modelVersion, ts, labeledAt, policyVersion, voters, votes, previous);
    }

    /** Whether this relabels a record already learned ({@link #corrects()} is set). */
    public boolean isCorrection() {
        return corrects != null;
    }

    /** The voters as a list (empty for a single label). */
    public java.util.List<String> voterList() {
        return voters == null ? java.util.List.of() : java.util.List.of(voters);
    }

    /** The votes as a list (empty for a single label). */
    public java.util.List<String> voteList() {
        return votes == null ? java.util.List.of() : java.util.List.of(votes);
    }
}
