package io.triage.event;

import java.util.Map;
import java.util.TreeMap;

/**
 * A record sent to human review, with everything a reviewer and the learner need.
 *
 * @param recordId       id of the record
 * @param model          model id
 * @param ts             event time of the record, epoch ms
 * @param features       the record's features as JSON object text (written as the object itself)
 * @param indices        sparse feature vector indices (for the learner)
 * @param values         sparse feature vector raw values (in a message, left out where the reader extracts them
 *                       again from the features: {@code codec.ReviewVector})
 * @param predicted      predicted class, null when there was no model
 * @param classes        the classes of the model version used, parallel to {@code scores}
 * @param scores         class probabilities
 * @param confidence     probability of the predicted class (0 without a model)
 * @param reason         why it is reviewed: REVIEW, AUDIT, COLD_START or ACTIVE
 * @param priority       higher is more urgent (uncertainty; audits lowest)
 * @param deadline       epoch ms after which the request expires
 * @param modelVersion   model version that scored it
 * @param policyVersion  policy version that routed it
 * @param labelWeight    inverse probability of being reviewed (1 for REVIEW/COLD_START, 1/auditRate for AUDIT)
 * @param requestedAt    epoch ms when the Scorer emitted it
 * @param signature      the job's HMAC over the rest ({@code security.ReviewRequestSigner}); null when unsigned
 * @param appeal         for route APPEAL, the appeal and the decision it contests; else null
 * @param contributions  for REVIEW, COLD_START and STALE, the terms that pushed the prediction most
 *                       ({@code policy.Contributions}); null otherwise, always for an AUDIT (audits are blind)
 * @param annotatorAccuracy for a request whose route needs several labels under the WEIGHTED consensus rule, the
 *                       annotators' accuracies as the Learner estimated them when the request was scored, sorted by
 *                       annotator: the LabelJoiner weighs the votes by them, so the decision replays from the
 *                       request ({@code review.Consensus}); null otherwise (and before the first estimate)
 */
public record ReviewRequest(
        String recordId,
        String model,
        long ts,
        String features,
        int[] indices,
        double[] values,
        String predicted,
        String[] classes,
        double[] scores,
        double confidence,
        Route reason,
        double priority,
        long deadline,
        long modelVersion,
        long policyVersion,
        double labelWeight,
        long requestedAt,
        String signature,
        AppealContext appeal,
        Contribution[] contributions,
        Map<String, Double> annotatorAccuracy) {

    public ReviewRequest {
        // sorted whatever map it came in (a JSON reader's, a state restore's): the signature walks it in order
        annotatorAccuracy = annotatorAccuracy == null ? null : new TreeMap<>(annotatorAccuracy);
    }

    /** A request without annotator accuracies (every request but a WEIGHTED consensus request's). */
    public ReviewRequest(String recordId, String model, long ts, String features, int[] indices, double[] values,
                         String predicted, String[] classes, double[] scores, double confidence, Route reason,
                         double priority, long deadline, long modelVersion, long policyVersion, double labelWeight,
                         long requestedAt, String signature, AppealContext appeal, Contribution[] contributions) {
        this(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence, reason, priority,
                deadline, modelVersion, policyVersion, labelWeight, requestedAt, signature, appeal, contributions, null);
    }

    /** A request the Scorer routes to review (no appeal). */
    public ReviewRequest(String recordId, String model, long ts, String features, int[] indices, double[] values,
                         String predicted, String[] classes, double[] scores, double confidence, Route reason,
                         double priority, long deadline, long modelVersion, long policyVersion, double labelWeight,
                         long requestedAt, String signature) {
        this(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence, reason, priority,
                deadline, modelVersion, policyVersion, labelWeight, requestedAt, signature, null, null);
    }

    /** A request without contributions (an appeal, a test). */
    public ReviewRequest(String recordId, String model, long ts, String features, int[] indices, double[] values,
                         String predicted, String[] classes, double[] scores, double confidence, Route reason,
                         double priority, long deadline, long modelVersion, long policyVersion, double labelWeight,
                         long requestedAt, String signature, AppealContext appeal) {
        this(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence, reason, priority,
                deadline, modelVersion, policyVersion, labelWeight, requestedAt, signature, appeal, null);
    }

    public ReviewRequest withSignature(String sig) {
        return new ReviewRequest(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence,
                reason, priority, deadline, modelVersion, policyVersion, labelWeight, requestedAt, sig, appeal, contributions,
                annotatorAccuracy);
    }

    /** The request carrying {@code accuracy} (unsigned: sign it after). */
    public ReviewRequest withAnnotatorAccuracy(Map<String, Double> accuracy) {
        return new ReviewRequest(recordId, model, ts, features, indices, values, predicted, classes, scores, confidence,
                reason, priority, deadline, modelVersion, policyVersion, labelWeight, requestedAt, null, appeal,
                contributions, accuracy);
    }
}
