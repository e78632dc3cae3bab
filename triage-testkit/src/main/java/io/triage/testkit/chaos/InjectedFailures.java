package io.triage.testkit.chaos;

import io.triage.testhooks.FaultSwitch;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failures a run actually injected, by kind — counted by the driver when each took effect (a failure in
 * front of an operator only once a task tripped it), so the printed figures never include a failure that did
 * not happen.
 */
public final class InjectedFailures {
    private final Map<FaultSwitch.Target, AtomicInteger> operators = new EnumMap<>(FaultSwitch.Target.class);
    private final Map<FailureSchedule.Kind, AtomicInteger> kinds = new EnumMap<>(FailureSchedule.Kind.class);

    public InjectedFailures() {
        for (FaultSwitch.Target t : FaultSwitch.Target.values()) operators.put(t, new AtomicInteger());
        for (FailureSchedule.Kind k : FailureSchedule.Kind.values()) kinds.put(k, new AtomicInteger());
    }

    public void operator(FaultSwitch.Target t) {
        operators.get(t).incrementAndGet();
        kinds.get(FailureSchedule.Kind.OPERATOR).incrementAndGet();
    }

    /** A failure of {@code kind} that took effect (for OPERATOR use {@link #operator}). */
    public void injected(FailureSchedule.Kind kind) {
        if (kind == FailureSchedule.Kind.OPERATOR) throw new IllegalArgumentException("count operators by target");
        kinds.get(kind).incrementAndGet();
    }

    public void brokerRestart() {
        injected(FailureSchedule.Kind.BROKER_RESTART);
    }

    public void taskManagerKill() {
        injected(FailureSchedule.Kind.TASKMANAGER_KILL);
    }

    public int of(FailureSchedule.Kind kind) {
        return kinds.get(kind).get();
    }

    public int operators() {
        return of(FailureSchedule.Kind.OPERATOR);
    }

    public int operators(FaultSwitch.Target t) {
        return operators.get(t).get();
    }

    public int brokerRestarts() {
        return of(FailureSchedule.Kind.BROKER_RESTART);
    }

    public int taskManagerKills() {
        return of(FailureSchedule.Kind.TASKMANAGER_KILL);
    }

    /** Failures pinned to a checkpoint phase. */
    public int checkpointFailures() {
        return of(FailureSchedule.Kind.AFTER_CHECKPOINT) + of(FailureSchedule.Kind.SNAPSHOT) + of(FailureSchedule.Kind.ASYNC_SNAPSHOT);
    }

    /** Network faults between the job and the broker, long stalls included. */
    public int networkFaults() {
        return of(FailureSchedule.Kind.NETWORK_DELAY) + of(FailureSchedule.Kind.NETWORK_DROP)
                + of(FailureSchedule.Kind.NETWORK_STALL) + of(FailureSchedule.Kind.LONG_STALL);
    }

    public int total() {
        return kinds.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * "52 failures injected (operators 20: Scorer 7, LabelJoiner 7, Learner 6; checkpoint phases 12: after complete 4,
     * snapshotState 4, async snapshot 4; network 18: delay 6, drop 6, stall 6, long stall 0; broker restarts 2;
     * TaskManager kills 0)".
     */
    public String describe() {
        return String.format(Locale.ROOT, "%d failures injected (operators %d: Scorer %d, LabelJoiner %d, Learner %d; "
                        + "checkpoint phases %d: after complete %d, snapshotState %d, async snapshot %d; "
                        + "network %d: delay %d, drop %d, stall %d, long stall %d; broker restarts %d; TaskManager kills %d)",
                total(), operators(), operators(FaultSwitch.Target.SCORER), operators(FaultSwitch.Target.JOINER),
                operators(FaultSwitch.Target.LEARNER), checkpointFailures(), of(FailureSchedule.Kind.AFTER_CHECKPOINT),
                of(FailureSchedule.Kind.SNAPSHOT), of(FailureSchedule.Kind.ASYNC_SNAPSHOT), networkFaults(),
                of(FailureSchedule.Kind.NETWORK_DELAY), of(FailureSchedule.Kind.NETWORK_DROP),
                of(FailureSchedule.Kind.NETWORK_STALL), of(FailureSchedule.Kind.LONG_STALL), brokerRestarts(),
                taskManagerKills());
    }
}
