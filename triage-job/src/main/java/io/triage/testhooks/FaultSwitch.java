package io.triage.testhooks;

import io.triage.testhooks.FaultHooks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JVM-wide switch the chaos driver arms and the job's fault hooks trip: the next element reaching the armed
 * operator throws, failing its task (the job restarts from the last checkpoint) — or, for the checkpoint
 * phases, the hook fails at that moment of the next checkpoint ({@link Phase}). Static, because the hooks are
 * serialised into the job and run in the MiniCluster's task threads of this same JVM; a job on a separate
 * cluster uses {@link FaultDirectory} instead.
 */
public final class FaultSwitch {
    /** Where a failure can be injected. */
    public enum Target { SCORER, JOINER, LEARNER }

    /**
     * When the hook in front of a target fails (as flink-connector-kafka's {@code KafkaSinkITCase} pins its
     * failures to checkpoints).
     */
    public enum Phase {
        /** On the next element (an exception in front of the operator). */
        ELEMENT,
        /** In {@code notifyCheckpointComplete}: the checkpoint is complete, the sinks' commits may not all be done. */
        AFTER_CHECKPOINT,
        /** In {@code snapshotState} (the synchronous part of the snapshot): the checkpoint fails, the job restarts. */
        SNAPSHOT,
        /** While the operator state is written, in the asynchronous part of the snapshot. */
        ASYNC_SNAPSHOT
    }

    /** One armed failure. */
    public record Fault(Target target, Phase phase) {}

    private static final AtomicReference<Fault> ARMED = new AtomicReference<>();
    private static final AtomicLong TRIPPED = new AtomicLong();

    private FaultSwitch() {}

    public static void arm(Target t) {
        arm(t, Phase.ELEMENT);
    }

    public static void arm(Target t, Phase p) {
        ARMED.set(new Fault(t, p));
    }

    public static boolean armed() {
        return ARMED.get() != null;
    }

    public static long tripped() {
        return TRIPPED.get();
    }

    /**
     * Arms a target, waits until a hook trips it or {@code timeout} passes, and disarms it; true if the failure
     * was injected. {@link FaultDirectory} does the same across processes.
     */
    public static boolean inject(Target t, java.time.Duration timeout) throws InterruptedException {
        return inject(t, Phase.ELEMENT, timeout);
    }

    /** As {@link #inject(Target, java.time.Duration)}, failing in the given phase. */
    public static boolean inject(Target t, Phase p, java.time.Duration timeout) throws InterruptedException {
        long before = TRIPPED.get();
        Fault f = new Fault(t, p);
        ARMED.set(f);
        long until = System.nanoTime() + timeout.toNanos();
        while (ARMED.get() == f && System.nanoTime() < until) Thread.sleep(20);
        ARMED.compareAndSet(f, null);
        return TRIPPED.get() > before;
    }

    /** True (once) if {@code at}/{@code phase} is armed: the caller then throws. */
    static boolean claim(Target at, Phase phase) {
        Fault f = ARMED.get();
        if (f != null && f.target() == at && f.phase() == phase && ARMED.compareAndSet(f, null)) {
            TRIPPED.incrementAndGet();
            return true;
        }
        return false;
    }

    static void maybeFail(Target at) {
        if (claim(at, Phase.ELEMENT)) throw new InjectedFailure("injected failure in front of the " + at);
    }

    /** Hooks in front of the Scorer, the LabelJoiner and the Learner, tripping on this switch in every phase. */
    public static FaultHooks hooks() {
        return new FaultHooks(new ChaosHook<>(Static.INSTANCE, Target.SCORER), new ChaosHook<>(Static.INSTANCE, Target.JOINER),
                new ChaosHook<>(Static.INSTANCE, Target.LEARNER));
    }

    /** The trigger of {@link #hooks()}: this JVM's switch. */
    enum Static implements ChaosHook.Trigger {
        INSTANCE;

        @Override
        public boolean claim(Target t, Phase p) {
            return FaultSwitch.claim(t, p);
        }
    }

    /** The exception the hooks throw. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String m) {
            super(m);
        }
    }
}
