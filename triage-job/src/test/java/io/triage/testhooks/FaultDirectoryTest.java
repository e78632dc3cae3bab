package io.triage.testhooks;

import io.triage.testhooks.FaultHooks;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cross-process fault switch: armed by the driver, tripped once by whichever subtask sees it first. */
class FaultDirectoryTest {
    @TempDir
    Path dir;

    /** Two subtasks' hooks, each a deserialised copy as Flink ships them to the tasks. */
    private MapFunction<String, String> subtask(MapFunction<?, ?> hook) throws Exception {
        @SuppressWarnings("unchecked")
        MapFunction<String, String> copy = (MapFunction<String, String>) InstantiationUtil.clone(hook);
        return copy;
    }

    @Test
    void anArmedTargetTripsExactlyOnceAcrossSubtasks() throws Exception {
        FaultDirectory driver = new FaultDirectory(dir);
        FaultHooks hooks = FaultDirectory.hooks(dir);
        MapFunction<String, String> a = subtask(hooks.beforeScorer());
        MapFunction<String, String> b = subtask(hooks.beforeScorer());
        MapFunction<String, String> joiner = subtask(hooks.beforeJoiner());

        assertEquals("x", a.map("x"), "nothing armed: a pass-through");
        driver.arm(FaultSwitch.Target.SCORER);
        assertTrue(driver.armed(FaultSwitch.Target.SCORER));
        Thread.sleep(2 * FaultDirectory.CHECK_EVERY_NANOS / 1_000_000); // a's next look is due

        assertEquals("y", joiner.map("y"), "another target's hook ignores it");
        assertThrows(FaultSwitch.InjectedFailure.class, () -> a.map("x"));
        assertEquals("x", b.map("x"), "the second subtask finds the switch already tripped");
        assertFalse(driver.armed(FaultSwitch.Target.SCORER));
        assertEquals(1, driver.tripped());
        assertEquals(1, driver.tripped(FaultSwitch.Target.SCORER));
        assertEquals(0, driver.tripped(FaultSwitch.Target.JOINER));
        assertFalse(driver.disarm(FaultSwitch.Target.SCORER), "nothing left to disarm after a trip");

        // armed again: counted again; the hook that just looked waits for its next look
        driver.arm(FaultSwitch.Target.SCORER);
        Thread.sleep(2 * FaultDirectory.CHECK_EVERY_NANOS / 1_000_000);
        assertThrows(FaultSwitch.InjectedFailure.class, () -> b.map("x"));
        assertEquals(2, driver.tripped());
    }

    @Test
    void injectWaitsForATripOrDisarmsAfterTheTimeout() throws Exception {
        FaultDirectory driver = new FaultDirectory(dir);
        assertFalse(driver.inject(FaultSwitch.Target.LEARNER, Duration.ofMillis(100)), "no task ran: not injected");
        assertFalse(driver.armed(FaultSwitch.Target.LEARNER), "disarmed after the timeout");
        assertEquals(0, driver.tripped());

        // a "task" feeding elements through the Learner's hook until it fails, as the job would
        MapFunction<String, String> learner = subtask(FaultDirectory.hooks(dir).beforeLearner());
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
            try {
                while (!failed.get()) {
                    learner.map("e");
                    Thread.sleep(1);
                }
            } catch (FaultSwitch.InjectedFailure e) {
                failed.set(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(driver.inject(FaultSwitch.Target.LEARNER, Duration.ofSeconds(10)));
        task.get(10, TimeUnit.SECONDS);
        assertTrue(failed.get());
        assertEquals(1, driver.tripped(FaultSwitch.Target.LEARNER));
    }

    @Test
    void aCheckpointPhaseTripsOnceAtThatMomentAcrossSubtasks() throws Exception {
        FaultDirectory driver = new FaultDirectory(dir);
        FaultHooks hooks = FaultDirectory.hooks(dir);
        ChaosHook<io.triage.event.Label> a = InstantiationUtil.clone((ChaosHook<io.triage.event.Label>) hooks.beforeJoiner());
        ChaosHook<io.triage.event.Label> b = InstantiationUtil.clone((ChaosHook<io.triage.event.Label>) hooks.beforeJoiner());
        driver.arm(FaultSwitch.Target.JOINER, FaultSwitch.Phase.AFTER_CHECKPOINT);
        assertFalse(driver.armed(FaultSwitch.Target.JOINER), "the element switch is another file");
        Thread.sleep(2 * FaultDirectory.CHECK_EVERY_NANOS / 1_000_000);
        assertEquals(null, a.map(null), "elements pass");
        assertThrows(FaultSwitch.InjectedFailure.class, () -> a.notifyCheckpointComplete(7));
        b.notifyCheckpointComplete(7); // already tripped
        assertEquals(1, driver.tripped(FaultSwitch.Target.JOINER));
        assertFalse(driver.disarm(FaultSwitch.Target.JOINER, FaultSwitch.Phase.AFTER_CHECKPOINT));
    }
}
