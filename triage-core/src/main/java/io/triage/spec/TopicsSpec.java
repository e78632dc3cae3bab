package io.triage.spec;

import java.io.Serializable;

/** Kafka topic names; each defaults to the stream's own name (records, labels, decisions, …). */
public record TopicsSpec(String records, String labels, String decisions, String reviewRequests,
                         String audit, String models, String metrics, String deadLetter, String appeals,
                         String outcomes)
        implements Serializable {
    public TopicsSpec {
        appeals = or(appeals, "appeals");
        outcomes = or(outcomes, "outcomes");
        records = or(records, "records");
        labels = or(labels, "labels");
        decisions = or(decisions, "decisions");
        reviewRequests = or(reviewRequests, "review-requests");
        audit = or(audit, "audit");
        models = or(models, "models");
        metrics = or(metrics, "metrics");
        deadLetter = or(deadLetter, "dead-letter");
    }

    public TopicsSpec(String records, String labels, String decisions, String reviewRequests, String audit,
                      String models, String metrics, String deadLetter) {
        this(records, labels, decisions, reviewRequests, audit, models, metrics, deadLetter, null, null);
    }

    public static TopicsSpec defaults() {
        return new TopicsSpec(null, null, null, null, null, null, null, null, null, null);
    }

    public String[] all() {
        return new String[] {records, labels, decisions, reviewRequests, audit, models, metrics, deadLetter, appeals, outcomes};
    }

    /** The same names with a prefix (tests and demos run several jobs on one broker). */
    public TopicsSpec prefixed(String p) {
        return new TopicsSpec(p + records, p + labels, p + decisions, p + reviewRequests, p + audit, p + models,
                p + metrics, p + deadLetter, p + appeals, p + outcomes);
    }

    private static String or(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }
}
