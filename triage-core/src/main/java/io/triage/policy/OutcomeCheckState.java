package io.triage.policy;

/** Checkpointed {@link OutcomeCheck}: per window of decision time (its index), automated decisions, known errors, judged. */
public record OutcomeCheckState(long[] windows, long[] automated, long[] knownWrong, boolean[] alarmed, long latest) {}
