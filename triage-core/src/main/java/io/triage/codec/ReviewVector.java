package io.triage.codec;

import io.triage.event.InvalidInputException;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureValues;
import io.triage.feature.SparseVector;

/**
 * A review request carries its record once. Its {@code features} and its sparse vector ({@code indices, values})
 * are two encodings of the same record, so the vector is left out of the message when the reader can extract it
 * again, bit for bit, from the features: the extraction is a function of the features and the model's spec, and
 * the features a request carries hold every value exactly (JSON round-trips every finite double).
 * <p>
 * It stays in the message when the features were cut for the reviewer ({@link ReviewFeatures#NOTE}: what is left
 * cannot give the vector the record was scored with) and on an appeal (its vector is empty: an appeal answer does
 * not train). Read back, the job's signature covers the vector the job scored, checked after the extraction, so a
 * reader whose spec extracts another vector refuses the request instead of learning a vector that was not scored.
 */
public final class ReviewVector {
    private static final String CUT = "\"" + ReviewFeatures.NOTE + "\"";

    private ReviewVector() {}

    /** Whether the message leaves the vector out (a cut copy may say so in a value too: then it stays, to be safe). */
    public static boolean leftOut(ReviewRequest r) {
        return r.features() != null && !r.features().contains(CUT) && r.reason() != Route.APPEAL && r.appeal() == null
                && r.indices() != null && r.values() != null;
    }

    /** The request with its vector extracted again from its features. */
    static ReviewRequest restored(ReviewRequest r, FeatureExtractor fx) throws InvalidInputException {
        if (r.features() == null || r.features().contains(CUT)) {
            throw new InvalidInputException("invalid-review-request", "no vector, and no whole features to extract it from");
        }
        return with(r, fx.extract(RecordDecoder.features(r.features())));
    }

    /**
     * As {@link #restored}, by the record path's flat scan of the features where it takes them (the same vector,
     * bit for bit, as the record path's tests hold it to the tree's), else as {@link #restored}.
     */
    static ReviewRequest restoredByScan(ReviewRequest r, FeatureExtractor fx) throws InvalidInputException {
        if (r.features() == null || r.features().contains(CUT)) return restored(r, fx);
        Scan scan = SCAN.get();
        if (!scan.scanner.readFeatures(r.features(), scan.values)) return restored(r, fx);
        return with(r, fx.extract(scan.values));
    }

    /** A scanner and its values per thread: the read-back's decoder may be shared (tools, tests). */
    private record Scan(FlatRecordScanner scanner, FeatureValues values) {}

    private static final ThreadLocal<Scan> SCAN = ThreadLocal.withInitial(() -> new Scan(new FlatRecordScanner(), new FeatureValues()));

    private static ReviewRequest with(ReviewRequest r, SparseVector v) {
        return new ReviewRequest(r.recordId(), r.model(), r.ts(), r.features(), v.indices(), v.values(), r.predicted(),
                r.classes(), r.scores(), r.confidence(), r.reason(), r.priority(), r.deadline(), r.modelVersion(),
                r.policyVersion(), r.labelWeight(), r.requestedAt(), r.signature(), r.appeal(), r.contributions(),
                r.annotatorAccuracy());
    }
}
