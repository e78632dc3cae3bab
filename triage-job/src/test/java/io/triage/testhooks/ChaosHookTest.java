package io.triage.testhooks;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault hooks in a real map operator (Flink's harness): unarmed a pass-through that checkpoints and restores;
 * armed, each fails in its own phase — on an element, in notifyCheckpointComplete, in snapshotState, and in the
 * asynchronous part of the snapshot (the sync part passes) — and only the armed target's hook trips.
 */
class ChaosHookTest {
    @AfterEach
    void disarm() throws InterruptedException {
        FaultSwitch.inject(FaultSwitch.Target.SCORER, FaultSwitch.Phase.ELEMENT, java.time.Duration.ZERO);
    }

    @SuppressWarnings("unchecked")
    private static OneInputStreamOperatorTestHarness<String, String> harness(MapFunction<?, ?> hook) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new StreamMap<>((MapFunction<String, String>) hook));
    }

    private static boolean causedByInjection(Throwable e, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FaultSwitch.InjectedFailure && t.getMessage().contains(message)) return true;
        }
        return false;
    }

    @Test
    void unarmedPassesThroughAndRestores() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(FaultSwitch.hooks().beforeScorer())) {
            h.open();
            h.processElement("a", 1);
            state = h.snapshot(1, 2);
            h.notifyOfCompletedCheckpoint(1);
            assertEquals("a", h.extractOutputValues().get(0));
        }
        try (var h = harness(FaultSwitch.hooks().beforeScorer())) {
            h.initializeState(state);
            h.open();
            h.processElement("b", 3);
            assertEquals("b", h.extractOutputValues().get(0));
        }
    }

    @Test
    void failsRightAfterACheckpointCompleted() throws Exception {
        try (var scorer = harness(FaultSwitch.hooks().beforeScorer()); var joiner = harness(FaultSwitch.hooks().beforeJoiner())) {
            scorer.open();
            joiner.open();
            FaultSwitch.arm(FaultSwitch.Target.SCORER, FaultSwitch.Phase.AFTER_CHECKPOINT);
            scorer.processElement("a", 1); // elements pass
            scorer.snapshot(1, 2);
            joiner.snapshot(1, 2);
            joiner.notifyOfCompletedCheckpoint(1); // another target's hook ignores it
            long before = FaultSwitch.tripped();
            Exception e = assertThrows(Exception.class, () -> scorer.notifyOfCompletedCheckpoint(1));
            assertTrue(causedByInjection(e, "right after checkpoint 1 completed"), e.toString());
            assertEquals(before + 1, FaultSwitch.tripped());
            assertFalse(FaultSwitch.armed(), "tripped once");
        }
    }

    @Test
    void failsInSnapshotState() throws Exception {
        try (var h = harness(FaultSwitch.hooks().beforeLearner())) {
            h.open();
            FaultSwitch.arm(FaultSwitch.Target.LEARNER, FaultSwitch.Phase.SNAPSHOT);
            h.processElement("a", 1);
            h.notifyOfCompletedCheckpoint(0);
            Exception e = assertThrows(Exception.class, () -> h.snapshot(1, 2));
            assertTrue(causedByInjection(e, "snapshotState of checkpoint 1"), e.toString());
            assertFalse(FaultSwitch.armed());
            h.snapshot(2, 3); // tripped once: the next checkpoint passes
        }
    }

    @Test
    void failsInTheAsynchronousPartOfTheSnapshot() throws Exception {
        try (var h = harness(FaultSwitch.hooks().beforeJoiner())) {
            h.open();
            FaultSwitch.arm(FaultSwitch.Target.JOINER, FaultSwitch.Phase.ASYNC_SNAPSHOT);
            // the synchronous part (snapshotState) returns; writing the operator state throws
            var futures = h.getOneInputOperator().snapshotState(1, 2,
                    org.apache.flink.runtime.checkpoint.CheckpointOptions.forCheckpointWithDefaultLocation(),
                    new org.apache.flink.runtime.state.memory.NonPersistentMetadataCheckpointStorageLocation(1 << 20));
            assertFalse(FaultSwitch.armed(), "claimed in the synchronous part");
            futures.getOperatorStateManagedFuture().run(); // what the asynchronous checkpoint thread does
            Exception again = assertThrows(Exception.class, () -> futures.getOperatorStateManagedFuture().get());
            assertTrue(causedByInjection(again, "asynchronous part"), again.toString());
        }
    }
}
