package io.triage.testkit.chaos;

import io.triage.testhooks.FaultSwitch;
import io.triage.spec.JobSpec;

/**
 * Where the chaos run executes the job, and how it fails the job's operators there. {@link ChaosRun} drives
 * the same schedule and verification against any of them: {@link MiniClusterChaos} (in this JVM) or
 * {@link StandaloneChaos} (a JobManager and a TaskManager as separate processes, which can also be killed).
 */
public interface ChaosCluster extends AutoCloseable {
    /** For the console: "MiniCluster", "standalone cluster". */
    String describe();

    /** Starts the job for {@code spec} (its bootstrap already names the broker); returns once it runs or was submitted. */
    void submit(JobSpec spec) throws Exception;

    /** Fails the next element in front of {@code target}; true once a task tripped, false if none did in time. */
    default boolean failOperator(FaultSwitch.Target target) throws Exception {
        return fail(target, FaultSwitch.Phase.ELEMENT);
    }

    /**
     * Fails the hook in front of {@code target} in {@code phase} (on the next element, or at that moment of the
     * next checkpoint); true once a task tripped, false if none did in time.
     */
    boolean fail(FaultSwitch.Target target, FaultSwitch.Phase phase) throws Exception;

    /** Whether {@link #killTaskManager()} is possible here. */
    default boolean canKillTaskManager() {
        return false;
    }

    /** Kills the TaskManager process (SIGKILL) and starts a replacement; returns the killed pid. */
    default long killTaskManager() throws Exception {
        throw new UnsupportedOperationException(describe() + " has no TaskManager process to kill");
    }

    /** Throws if the cluster itself broke (a process died on its own), so the run fails fast instead of timing out. */
    default void checkAlive() {}

    /** Cancels the job and waits for it to end; never throws (the run verifies what was committed). */
    void cancel();

    /** Stops whatever {@link #submit} started. */
    @Override
    void close();
}
