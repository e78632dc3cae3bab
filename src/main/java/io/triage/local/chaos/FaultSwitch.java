package io.triage.local.chaos;

import io.triage.stage.FaultHooks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JVM-wide switch the chaos driver arms and the job's fault hooks trip: the next element reaching the armed
 * operator throws, failing its task (the job restarts from the last checkpoint). Static, because the hooks are
 * serialised into the job and run in the MiniCluster's task threads of this same JVM; a job on a separate
 * cluster uses {@link FaultDirectory} instead.
 */
public final class FaultSwitch {
    /** Where a failure can be injected. */
    public enum Target { SCORER, JOINER, LEARNER }

    private static final AtomicReference<Target> ARMED = new AtomicReference<>();
    private static final AtomicLong TRIPPED = new AtomicLong();

    private FaultSwitch() {}

    public static void arm(Target t) {
        ARMED.set(t);
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
        long before = TRIPPED.get();
        arm(t);
        long until = System.nanoTime() + timeout.toNanos();
        while (armed() && System.nanoTime() < until) Thread.sleep(50);
        ARMED.compareAndSet(t, null);
        return TRIPPED.get() > before;
    }

    static void maybeFail(Target at) {
        if (ARMED.get() == at && ARMED.compareAndSet(at, null)) {
            TRIPPED.incrementAndGet();
            throw new InjectedFailure("injected failure in front of the " + at);
        }
    }

    /** Hooks in front of the Scorer, the LabelJoiner and the Learner. */
    public static FaultHooks hooks() {
        return new FaultHooks(r -> {
            maybeFail(Target.SCORER);
            return r;
        }, l -> {
            maybeFail(Target.JOINER);
            return l;
        }, e -> {
            maybeFail(Target.LEARNER);
            return e;
        });
    }

    /** The exception the hooks throw. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String m) {
            super(m);
        }
    }
}
