package io.triage.codec;

import io.triage.event.InvalidInputException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.FeatureTerm;
import io.triage.policy.Contributions;
import io.triage.review.AccuracyStamp;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a review request read back from its topic. The topic is written by this job but writable by others, so
 * with limits (the job's read-back) a request must carry the job's signature (when a job secret is configured) and
 * be in range — else a forged one could crash-loop the Learner (an index outside the model, NaN), poison the
 * evidence (a NaN or huge weight) or decide an automated record a second time. Without limits (tools that read
 * committed outputs back) only the structure is checked, and a request whose vector was left out
 * ({@link ReviewVector}) keeps it null unless its model's extractor is given.
 */
public final class ReviewRequestDecoder implements Serializable {
    private static final String REASON = "invalid-review-request";
    private static final Set<Route> REVIEWED = EnumSet.of(Route.REVIEW, Route.AUDIT, Route.COLD_START, Route.ACTIVE,
            Route.STALE, Route.APPEAL);

    /**
     * @param dimension      the model's feature dimension: indices lie in [0, dimension)
     * @param maxLabelWeight the heaviest inverse-probability weight: 1 / the spec's audit rate, the lowest the
     *                       audit rate goes (drift only raises it)
     */
    public record Limits(int dimension, double maxLabelWeight, FeatureExtractor extractor) implements Serializable {
        /** Without an extractor: a request must carry its vector. */
        public Limits(int dimension, double maxLabelWeight) {
            this(dimension, maxLabelWeight, null);
        }
    }

    private final Map<String, Limits> limits;
    private final transient ReviewRequestSigner signer;

    /** Structure only. */
    public ReviewRequestDecoder() {
        this(null, null);
    }

    public ReviewRequestDecoder(Map<String, Limits> limits, ReviewRequestSigner signer) {
        this.limits = limits == null ? null : Map.copyOf(limits);
        this.signer = signer;
    }

    public static Map<String, Limits> limits(JobSpec spec) {
        Map<String, Limits> l = new HashMap<>();
        for (ModelSpec m : spec.models()) {
            FeatureSpace space = new FeatureSpace(m);
            l.put(m.id(), new Limits(space.dimension(), 1.0 / m.policy().auditRate(), new FeatureExtractor(space)));
        }
        return l;
    }

    public ReviewRequest decode(String raw) throws InvalidInputException {
        ReviewRequest fast = fast(raw);
        return fast != null ? fast : tree(raw);
    }

    /** The general way: the whole message as a tree, bound to a request; it defines what is taken and why not. */
    ReviewRequest tree(String raw) throws InvalidInputException {
        ReviewRequest r;
        Boolean previousFormat = null; // null: no features to tell (either build's layout)
        try {
            JsonNode tree = Json.MAPPER.readTree(raw);
            // a null inside a number array would read as 0: only numbers are numbers here
            if (tree != null && tree.isObject()) {
                numbers(tree, "values");
                numbers(tree, "scores");
                // features: a JSON object (this build), kept as its compact text; a string: the previous build's
                JsonNode f = tree.get("features");
                if (f != null && f.isObject()) {
                    ((ObjectNode) tree).put("features", f.toString());
                    previousFormat = false;
                } else if (f != null && f.isTextual()) {
                    previousFormat = true;
                } else if (f != null && !f.isNull()) {
                    throw new InvalidInputException(REASON, "features must be an object");
                }
            }
            r = tree == null ? null : Json.MAPPER.treeToValue(tree, ReviewRequest.class);
        } catch (JacksonException e) {
            throw new InvalidInputException(REASON, e.getOriginalMessage());
        }
        if (r == null || r.recordId() == null || r.model() == null || (r.indices() == null) != (r.values() == null)
                || (r.indices() != null && r.indices().length != r.values().length) || r.reason() == null) {
            throw new InvalidInputException(REASON, "review request lacks required fields");
        }
        if (r.indices() == null) { // left out: the features give it (ReviewVector)
            Limits l = limits == null ? null : limits.get(r.model());
            if (l != null && l.extractor() != null) {
                try {
                    r = ReviewVector.restored(r, l.extractor());
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(REASON, "the vector cannot be extracted from the features: " + e.getMessage());
                }
            } else if (limits != null) {
                throw new InvalidInputException(REASON, "no vector, and no extractor for model '" + r.model() + "'");
            }
        }
        if (limits != null) check(r, previousFormat, true);
        return r;
    }

    /**
     * The job's own requests, the read-back's bulk, by streaming ({@link StreamingReviewRequestReader}): taken only
     * once the job's signature holds over them as read — the features' text as the message gives it is then the text
     * the Scorer signed, so the tree reader would bind the very same request. Null, and the tree reader decides,
     * for anything else: no signer, a request the streaming reader declines, a vector that cannot be restored, a
     * signature that does not hold over the text as it is.
     */
    ReviewRequest fast(String raw) throws InvalidInputException {
        if (limits == null || signer == null || !signer.enabled()) return null;
        ReviewRequest r = StreamingReviewRequestReader.read(raw);
        if (r == null) return null;
        Limits l = limits.get(r.model());
        if (l == null) return null;
        if (r.indices() == null && r.values() == null) {
            if (l.extractor() == null) return null;
            try {
                r = ReviewVector.restoredByScan(r, l.extractor());
            } catch (InvalidInputException e) {
                return null;
            }
        }
        if (r.indices() == null || r.values() == null || r.indices().length != r.values().length
                || !signer.verifyCanonical(r)) {
            return null;
        }
        check(r, false, false);
        return r;
    }

    private static void numbers(JsonNode o, String field) throws InvalidInputException {
        JsonNode a = o.get(field);
        if (a == null || !a.isArray()) return;
        for (JsonNode v : a) {
            if (!v.isNumber()) throw new InvalidInputException(REASON, field + " holds a non-number: " + v.getNodeType());
        }
    }

    /** @param verify check the signature (the streaming way checked it already, over the same request) */
    private void check(ReviewRequest r, Boolean previousFormat, boolean verify) throws InvalidInputException {
        Limits l = limits.get(r.model());
        if (l == null) throw new InvalidInputException(REASON, "unknown model '" + r.model() + "'");
        if (verify && signer != null && signer.enabled()) {
            if (r.signature() == null) throw new InvalidInputException(REASON, "unsigned review request");
            boolean valid = previousFormat == null ? signer.verify(r) || signer.verifyPrevious(r)
                    : previousFormat ? signer.verifyPrevious(r) : signer.verifyCanonical(r); // features: f.toString() above
            if (!valid) {
                throw new InvalidInputException(REASON, "bad signature");
            }
        }
        if (!REVIEWED.contains(r.reason())) {
            throw new InvalidInputException(REASON, "reason " + r.reason() + " is not a review reason");
        }
        for (int i = 0; i < r.indices().length; i++) {
            int k = r.indices()[i];
            if (k < 0 || k >= l.dimension()) {
                throw new InvalidInputException(REASON, "index " + k + " outside the feature dimension " + l.dimension());
            }
            if (!Double.isFinite(r.values()[i])) throw new InvalidInputException(REASON, "values hold a non-finite number");
        }
        if ((r.reason() == Route.APPEAL) != (r.appeal() != null)) {
            throw new InvalidInputException(REASON, "an appeal review, and only one, carries the appeal it answers");
        }
        if (r.appeal() != null && (r.appeal().appealId() == null || r.appeal().decision() == null)) {
            throw new InvalidInputException(REASON, "the appeal lacks its id or the contested decision");
        }
        if (r.contributions() != null) contributions(r);
        if (r.annotatorAccuracy() != null) annotatorAccuracy(r);
        double w = r.labelWeight();
        // a relative slack for the division 1 / auditRate done elsewhere
        if (!(w >= 1.0 && w <= l.maxLabelWeight() * (1 + 1e-9))) {
            throw new InvalidInputException(REASON, "labelWeight " + w + " outside [1, " + l.maxLabelWeight() + "]");
        }
        if (!unit(r.confidence())) throw new InvalidInputException(REASON, "confidence " + r.confidence() + " outside [0, 1]");
        if (!unit(r.priority())) throw new InvalidInputException(REASON, "priority " + r.priority() + " outside [0, 1]");
        if (r.scores() != null) {
            for (double p : r.scores()) {
                if (!unit(p)) throw new InvalidInputException(REASON, "scores hold " + p + ", outside [0, 1]");
            }
            if (r.classes() != null && r.classes().length != r.scores().length) {
                throw new InvalidInputException(REASON, "classes and scores differ in length");
            }
        }
    }

    /** Few, short and finite, and never on an audit: audits are blind. */
    private static void contributions(ReviewRequest r) throws InvalidInputException {
        if (r.reason() == Route.AUDIT) throw new InvalidInputException(REASON, "an audit carries no contributions");
        if (r.contributions().length > Contributions.TOP) {
            throw new InvalidInputException(REASON, "more than " + Contributions.TOP + " contributions");
        }
        for (Contribution c : r.contributions()) {
            if (c == null || c.label() == null || c.label().length() > FeatureTerm.maxLabelChars()
                    || !Double.isFinite(c.value())) {
                throw new InvalidInputException(REASON, "a contribution lacks its label or value, or is out of range");
            }
        }
    }

    /** Few, named, and accuracies in [0, 1]: the weights of a consensus come from them. */
    private static void annotatorAccuracy(ReviewRequest r) throws InvalidInputException {
        if (r.annotatorAccuracy().size() > AccuracyStamp.MAX_ANNOTATORS) {
            throw new InvalidInputException(REASON, "more than " + AccuracyStamp.MAX_ANNOTATORS + " annotator accuracies");
        }
        for (Map.Entry<String, Double> e : r.annotatorAccuracy().entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getKey().length() > Fields.MAX_ID_LENGTH
                    || e.getValue() == null || !unit(e.getValue())) {
                throw new InvalidInputException(REASON, "an annotator accuracy lacks its annotator or is outside [0, 1]");
            }
        }
    }

    private static boolean unit(double v) {
        return v >= 0 && v <= 1; // false for NaN
    }
}
