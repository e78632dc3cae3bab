package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassMixMonitorTest {
    @Test
    void quietOnAStableMixAlarmsOnAPriorShift() {
        SplittableRandom r = new SplittableRandom(5);
        ClassMixMonitor m = new ClassMixMonitor(2, 0.2, 300, 300, 100);
        int alarms = 0;
        for (int i = 0; i < 20_000; i++) {
            // audits (weight 10) and reviews (weight 1) of a 70/30 mix
            double w = r.nextDouble() < 0.3 ? 10 : 1;
            if (m.observe(r.nextDouble() < 0.7 ? 0 : 1, w)) alarms++;
        }
        assertEquals(0, alarms, "a stable mix");
        int at = -1;
        for (int i = 0; i < 5000 && at < 0; i++) if (m.observe(r.nextDouble() < 0.2 ? 0 : 1, 1)) at = i;
        assertTrue(at >= 0 && at < 1000, "shift to 20/80 seen after " + at);
    }

    @Test
    void distanceByHandAndRestore() {
        ClassMixMonitor m = new ClassMixMonitor(2, 0.5, 2, 1e9, 1);
        m.observe(0, 1);
        m.observe(1, 1); // reference 50/50
        m.observe(0, 3); // recent 100/0
        assertEquals(0.5, m.distance(), 1e-9);
        ClassMixMonitor back = ClassMixMonitor.restore(2, 0.5, 2, 1e9, 1, m.state());
        assertEquals(m.distance(), back.distance(), 0.0);
    }
}
