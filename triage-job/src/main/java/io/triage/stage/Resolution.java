package io.triage.stage;

/**
 * How a reviewed record ended, remembered to reject duplicate and late labels.
 *
 * @param status  "LABELED" or "EXPIRED"
 * @param label   the accepted label (null when expired)
 * @param at      epoch ms
 */
public record Resolution(String status, String label, long at) {}
