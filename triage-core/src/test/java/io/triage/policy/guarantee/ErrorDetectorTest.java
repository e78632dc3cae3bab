package io.triage.policy.guarantee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorDetectorTest {
    @Test
    void theStatisticsAreBernoulliCusumsByHand() {
        ErrorDetector d = new ErrorDetector(0.8, 0.001); // α = 0.2 against α₁ = 0.3, 0.4 and 0.6
        d.observe(true);
        double[] s = d.statistics();
        assertEquals(Math.log(0.3 / 0.2), s[0], 1e-12);
        assertEquals(Math.log(0.4 / 0.2), s[1], 1e-12);
        assertEquals(Math.log(0.6 / 0.2), s[2], 1e-12);
        assertEquals(Math.log(3), d.statistic(), 1e-12);
        d.observe(false);
        assertEquals(Math.log(0.3 / 0.2) + Math.log(0.7 / 0.8), d.statistics()[0], 1e-12);
        for (int i = 0; i < 10; i++) d.observe(false);
        for (double x : d.statistics()) assertTrue(x < 0);
        d.observe(true); // restarts from 0, not from below
        assertEquals(Math.log(0.3 / 0.2), d.statistics()[0], 1e-12);
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
