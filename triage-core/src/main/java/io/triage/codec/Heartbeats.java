package io.triage.codec;

/**
 * The job's heartbeats in the topics it reads event time from (labels, review requests). A heartbeat appended to
 * a partition at time T comes after everything appended there before T, so once the job has read it, it has read
 * all of them: the partition's event time is exact, whether the partition is busy, quiet, or the job was cut off
 * from the broker for a while. Without heartbeats a quiet partition can only be guessed idle from the wall clock,
 * which during a stall between job and broker lets reviews expire before their on-time labels are read.
 */
public final class Heartbeats {
    /** How often each partition gets one. */
    public static final long EVERY_MS = 1_000;
    private static final String PREFIX = "{\"heartbeat\":";

    private Heartbeats() {}

    public static String message(long at) {
        return PREFIX + at + "}";
    }

    /** Whether a raw message is one (the parsers drop them; they are not input). */
    public static boolean is(String raw) {
        return raw != null && raw.startsWith(PREFIX);
    }
}
