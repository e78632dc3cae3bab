package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void knownErrorsExactlyAtTheBudgetAreNoContradiction() {
        // 48 of 480 wrong: precision at most exactly 0.9. (1 − 0.9) · 480 is 47.999… in doubles, so a comparison
        // against it raised a contradiction one known error early, claiming "at most 0.9000" against a 0.9 target
        OutcomeCheck c = new OutcomeCheck(0.9, DAY, 30 * DAY, 50, null);
        for (int i = 0; i < 480; i++) c.automated(i * 100L);
        for (int i = 0; i < 48; i++) assertNull(c.knownWrong(i * 100L));
        assertNull(c.automated(DAY + 1), "48 of 480 does not prove precision below 0.9");
        OutcomeCheck.Contradiction x = c.knownWrong(4_900L);
        assertNotNull(x, "49 of 480 does");
        assertEquals(49, x.knownWrong());
        assertTrue(x.atMost() < 0.9);
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
