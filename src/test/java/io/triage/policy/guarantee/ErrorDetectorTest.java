package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorDetectorTest {
    @Test
    void theStatisticIsTheBernoulliCusumByHand() {
        ErrorDetector d = new ErrorDetector(0.8, 0.001); // α = 0.2 against α₁ = 0.3
        d.observe(true);
        assertEquals(Math.log(0.3 / 0.2), d.statistic(), 1e-12);
        d.observe(false);
        assertEquals(Math.log(0.3 / 0.2) + Math.log(0.7 / 0.8), d.statistic(), 1e-12);
        d.observe(false);
        d.observe(false);
        d.observe(false);
        assertTrue(d.statistic() < 0);
        d.observe(true); // restarts from 0, not from below
        assertEquals(Math.log(0.3 / 0.2), d.statistic(), 1e-12);
    }

    @Test
    void rarelyAlarmsWhileThePromiseHoldsAndSoonAfterItBreaks() {
        int falseAlarms = 0;
        long audits = 0;
        long delays = 0;
        int runs = 50;
        for (int seed = 0; seed < runs; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            ErrorDetector d = new ErrorDetector(0.9, 0.001);
            for (int i = 0; i < 5000; i++, audits++) if (d.observe(r.nextDouble() < 0.1)) falseAlarms++;
            d.reset();
            int n = 0;
            while (!d.observe(r.nextDouble() < 0.25) && n < 10_000) n++;
            delays += n;
        }
        assertTrue(falseAlarms <= audits / 1000.0, falseAlarms + " false alarms in " + audits + " audits");
        double meanDelay = (double) delays / runs;
        assertTrue(meanDelay < 150, "mean delay at 75% precision against 90%: " + meanDelay + " audits");
        assertFalse(new ErrorDetector(0.9, 0.001).observe(false));
    }
}
