package io.triage.local.chaos;

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
}
