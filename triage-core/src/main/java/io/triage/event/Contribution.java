package io.triage.event;

/**
 * How much one input term pushed a record's prediction, shown to its reviewer.
 *
 * @param label what produced it: {@code amount = 912.5}, {@code country = NG}, {@code memo: "gift"}
 * @param value its signed share of the margin between the predicted class and the runner-up (logit units):
 *              positive for the prediction, negative against it
 */
public record Contribution(String label, double value) {}
