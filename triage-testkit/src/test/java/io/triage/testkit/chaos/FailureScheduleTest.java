package io.triage.testkit.chaos;

import io.triage.testhooks.FaultSwitch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureScheduleTest {
    @Test
    void everyFailureOnceInItsOwnSlotOfTheSendTime() {
        List<FailureSchedule.Failure> plan = FailureSchedule.plan(1, 200, 20, 2, 3);
        assertEquals(25, plan.size());
        assertEquals(20, plan.stream().filter(f -> f.kind() == FailureSchedule.Kind.OPERATOR).count());
        assertEquals(2, plan.stream().filter(f -> f.kind() == FailureSchedule.Kind.BROKER_RESTART).count());
        assertEquals(3, plan.stream().filter(f -> f.kind() == FailureSchedule.Kind.TASKMANAGER_KILL).count());
        for (FaultSwitch.Target t : FaultSwitch.Target.values()) {
            long n = plan.stream().filter(f -> f.target() == t).count();
            assertTrue(n == 6 || n == 7, "a third of the operator failures in front of " + t + ": " + n);
        }
        double slot = 200.0 / 25;
        for (int i = 0; i < plan.size(); i++) {
            FailureSchedule.Failure f = plan.get(i);
            assertTrue(f.atSeconds() > i * slot && f.atSeconds() < (i + 1) * slot, "failure " + i + " at " + f.atSeconds());
            if (f.kind() == FailureSchedule.Kind.OPERATOR) assertNotNull(f.target());
            else assertNull(f.target());
        }
        assertEquals(plan, FailureSchedule.plan(1, 200, 20, 2, 3), "same seed, same schedule");
    }

    @Test
    void checkpointAndNetworkFaultsTakeTheirKindsInTurn() {
        List<FailureSchedule.Failure> plan = FailureSchedule.plan(3, 200, new FailureSchedule.Counts(20, 2, 0, 12, 18, 1));
        assertEquals(53, plan.size());
        for (FailureSchedule.Kind k : List.of(FailureSchedule.Kind.AFTER_CHECKPOINT, FailureSchedule.Kind.SNAPSHOT,
                FailureSchedule.Kind.ASYNC_SNAPSHOT)) {
            List<FailureSchedule.Failure> of = plan.stream().filter(f -> f.kind() == k).toList();
            assertEquals(4, of.size(), k.name());
            assertTrue(of.stream().allMatch(f -> f.target() != null && k.phase() != null));
            assertTrue(of.stream().map(FailureSchedule.Failure::target).distinct().count() == 3, "every hook: " + of);
        }
        for (FailureSchedule.Kind k : List.of(FailureSchedule.Kind.NETWORK_DELAY, FailureSchedule.Kind.NETWORK_DROP,
                FailureSchedule.Kind.NETWORK_STALL)) {
            assertEquals(6, plan.stream().filter(f -> f.kind() == k && f.target() == null).count(), k.name());
        }
        assertEquals(1, plan.stream().filter(f -> f.kind() == FailureSchedule.Kind.LONG_STALL).count());
        assertEquals(20, plan.stream().filter(f -> f.kind() == FailureSchedule.Kind.OPERATOR).count());
        for (int i = 1; i < plan.size(); i++) assertTrue(plan.get(i).atSeconds() > plan.get(i - 1).atSeconds());
    }
}
