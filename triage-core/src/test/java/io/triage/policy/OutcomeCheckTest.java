package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class OutcomeCheckTest {
    private static final long DAY = 86_400_000L;

    @Test
    void knownErrorsAboveTheBudgetOfAClosedWindowContradictThePromise() {
        OutcomeCheck c = new OutcomeCheck(0.9, DAY, 30 * DAY, 50, null);
        for (int i = 0; i < 100; i++) assertNull(c.automated(i * 1000L));
        // 10 known wrong of 100: precision at most 0.90, which is no contradiction of 0.9
        for (int i = 0; i < 10; i++) assertNull(c.knownWrong(i * 1000L));
        // the 11th while the window is open: not judged yet (later decisions could dilute it)
        assertNull(c.knownWrong(500L));
        OutcomeCheck.Contradiction x = c.automated(DAY + 1);
        assertNotNull(x, "judged once the next window starts");
        assertEquals(100, x.automated());
        assertEquals(11, x.knownWrong());
        assertEquals(0.89, x.atMost(), 1e-12);
        assertEquals(1, c.contradictions());
        assertNull(c.knownWrong(600L), "a window contradicts once");
    }

    @Test
    void aWindowWithTooFewAutomatedDecisionsIsNotJudgedAndOldWindowsAreForgotten() {
        OutcomeCheck c = new OutcomeCheck(0.9, DAY, 3 * DAY, 50, null);
        for (int i = 0; i < 49; i++) c.automated(i);
        for (int i = 0; i < 49; i++) assertNull(c.knownWrong(i));
        assertNull(c.automated(DAY * 10));
        assertEquals(1, c.state().windows().length, "windows past the retention are dropped");
        assertNull(c.knownWrong(5), "an outcome of a forgotten window is not counted");
    }

    @Test
    void restoresExactly() {
        OutcomeCheck c = new OutcomeCheck(0.8, DAY, 30 * DAY, 2, null);
        c.automated(1);
        c.automated(2);
        c.knownWrong(1);
        OutcomeCheck r = new OutcomeCheck(0.8, DAY, 30 * DAY, 2, c.state());
        r.knownWrong(2);
        OutcomeCheck.Contradiction x = r.automated(DAY);
        assertNotNull(x);
        assertEquals(2, x.knownWrong());
    }
}
