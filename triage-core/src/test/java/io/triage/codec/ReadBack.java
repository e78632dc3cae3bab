package io.triage.codec;

import io.triage.event.ReviewRequest;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.SpecLoader;

import java.util.Map;

/** Review requests of a small fraud model (amount numeric, memo text) as the Scorer makes them and the job reads them. */
public final class ReadBack {
    public static final FeatureExtractor FX = new FeatureExtractor(new FeatureSpace(SpecLoader.parse("""
            name: t
            models:
              - id: fraud
                classes: [fraud, ok]
                features: {amount: numeric, memo: text}
            """).models().get(0)));

    private ReadBack() {}

    /** Reads back as the job does (audit weight up to 50): the vector a request leaves out extracted again. */
    public static ReviewRequestDecoder decoder(ReviewRequestSigner signer) {
        return new ReviewRequestDecoder(Map.of("fraud", new ReviewRequestDecoder.Limits(FX.space().dimension(), 50.0, FX)),
                signer);
    }

    /** The request with the vector its features give, as the Scorer makes it. */
    public static ReviewRequest scored(ReviewRequest r) throws Exception {
        SparseVector v = FX.extract(RecordDecoder.features(r.features()));
        return new ReviewRequest(r.recordId(), r.model(), r.ts(), r.features(), v.indices(), v.values(), r.predicted(),
                r.classes(), r.scores(), r.confidence(), r.reason(), r.priority(), r.deadline(), r.modelVersion(),
                r.policyVersion(), r.labelWeight(), r.requestedAt(), r.signature(), r.appeal(), r.contributions());
    }
}
