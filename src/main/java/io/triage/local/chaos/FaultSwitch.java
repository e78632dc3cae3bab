package io.triage.local.chaos;

import io.triage.stage.FaultHooks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JVM-wide switch the chaos driver arms and the job's fault hooks trip: the next element reaching the armed
 * operator throws, failing its task (the job restarts from the last checkpoint). Static, because the hooks are
 * serialised into the job and run in the MiniCluster's task threads of this same JVM.
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
