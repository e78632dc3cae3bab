package io.triage.gateway;

/**
 * An answer a labeling tool's webhook carries for a record Triage asked about.
 *
 * @param label the class chosen, null for a skip
 */
public record ToolAnswer(String model, String recordId, String annotator, String label) {}
