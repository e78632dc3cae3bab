package io.triage.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacklogAlarmTest {
    @Test
    void raisesAboveCapacityAndClearsBelowNinetyPercent() {
        BacklogAlarm a = new BacklogAlarm(100, false);
        assertEquals(BacklogAlarm.Change.NONE, a.observe(100), "at capacity: no alarm");
        assertEquals(BacklogAlarm.Change.RAISED, a.observe(101));
        assertTrue(a.alarmed());
        assertEquals("backlog 101 exceeds review capacity 100", a.reason(BacklogAlarm.Change.RAISED, 101));
        assertEquals(BacklogAlarm.Change.NONE, a.observe(95), "between 90% and capacity it stays raised");
        assertEquals(BacklogAlarm.Change.NONE, a.observe(90));
        assertEquals(BacklogAlarm.Change.CLEARED, a.observe(89));
        assertFalse(a.alarmed());
        assertEquals(BacklogAlarm.Change.NONE, a.observe(95), "and does not come back below capacity");
    }

    @Test
    void continuesFromTheStoredFlag() {
        BacklogAlarm restored = new BacklogAlarm(10, true);
        assertEquals(BacklogAlarm.Change.NONE, restored.observe(50), "already raised: not raised twice");
        assertEquals(BacklogAlarm.Change.CLEARED, restored.observe(0));
    }
}
