package io.triage.event;

/**
 * An automated decision shown wrong after the fact: its appeal was overturned, or an outcome contradicted it.
 * Not a random sample of anything — errors are what get appealed and reported — so it never enters the
 * certificate's inverse-probability-weighted evidence; the policy may only become more careful on it.
 *
 * @param model        model id
 * @param recordId     the record
 * @param modelVersion the version that automated it
 * @param predicted    what it decided
 * @param confidence   its confidence then
 * @param truth        the class it should have been
 * @param source       "appeal" or "outcome"
 * @param ts           when it became known, epoch ms
 */
public record KnownError(String model, String recordId, long modelVersion, String predicted, double confidence,
                         String truth, String source, long ts) {}
