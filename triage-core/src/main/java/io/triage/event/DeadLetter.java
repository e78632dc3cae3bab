package io.triage.event;

/**
 * Input that could not be used, with the reason. Nothing bad is dropped silently.
 *
 * @param source  which input it came from ("records", "labels", "review-requests")
 * @param raw     the raw input (truncated to a bounded length)
 * @param reason  a precise reason code, e.g. "invalid-json", "nan-feature"
 * @param detail  human-readable detail
 * @param ts      epoch ms when rejected
 */
public record DeadLetter(String source, String raw, String reason, String detail, long ts) {}
