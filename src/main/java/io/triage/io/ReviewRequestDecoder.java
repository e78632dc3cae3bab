package io.triage.io;

import com.fasterxml.jackson.core.JacksonException;
import io.triage.event.ReviewRequest;

import java.io.Serializable;

/** Decodes a review request read back from its topic (written by this job, but still checked). */
public final class ReviewRequestDecoder implements Serializable {
    public ReviewRequest decode(String raw) throws InvalidInputException {
        ReviewRequest r;
        try {
            r = Json.MAPPER.readValue(raw, ReviewRequest.class);
        } catch (JacksonException e) {
            throw new InvalidInputException("invalid-review-request", e.getOriginalMessage());
        }
        if (r == null || r.recordId() == null || r.model() == null || r.indices() == null || r.values() == null
                || r.indices().length != r.values().length || r.reason() == null) {
            throw new InvalidInputException("invalid-review-request", "review request lacks required fields");
        }
        return r;
    }
}
