package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionBoundTest {

    @Test
    void normalQuantileMatchesPublishedValues() {
        assertEquals(1.644854, PrecisionBound.normalQuantile(0.95), 1e-6);
        assertEquals(1.959964, PrecisionBound.normalQuantile(0.975), 1e-6);
        assertEquals(2.326348, PrecisionBound.normalQuantile(0.99), 1e-6);
        assertEquals(0.0, PrecisionBound.normalQuantile(0.5), 1e-12);
        // symmetric, and the lower tail branch (level < 0.02425) as well
        assertEquals(-1.644854, PrecisionBound.normalQuantile(0.05), 1e-6);
        assertEquals(-2.326348, PrecisionBound.normalQuantile(0.01), 1e-6);
    }

    @Test
    void normalQuantileRejectsLevelsOutsideTheOpenUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> PrecisionBound.normalQuantile(0.0));
        assertThrows(IllegalArgumentException.class, () -> PrecisionBound.normalQuantile(1.0));
    }

    @Test
    void wilsonLowerMatchesHandComputation() {
        // p = 0.9, n = 100, z = 1.645, z² = 2.706025
        // centre  = p + z²/(2n)                    = 0.9 + 0.01353013          = 0.91353013
        // spread  = z·sqrt(p(1-p)/n + z²/(4n²))    = 1.645·sqrt(0.0009 + 0.0000676506)
        //                                          = 1.645·0.03110708           = 0.05117115
        // denom   = 1 + z²/n                       = 1.02706025
        // lower   = (0.91353013 - 0.05117115) / 1.02706025 = 0.86235898 / 1.02706025 = 0.839638
        assertEquals(0.839638, PrecisionBound.wilsonLower(0.9, 100, 1.645), 1e-5);
    }

    @Test
    void wilsonLowerOfAPerfectRecordIsNOverNPlusZSquared() {
        // p = 1: centre = 1 + z²/2n, spread = z²/2n, so lower = 1/(1 + z²/n) = n/(n + z²)
        double z = 1.959964;
        assertEquals(50 / (50 + z * z), PrecisionBound.wilsonLower(1.0, 50, z), 1e-12);
    }

    @Test
    void wilsonLowerWithoutEvidenceIsZero() {
        assertEquals(0.0, PrecisionBound.wilsonLower(1.0, 0, 1.645));
        assertEquals(0.0, PrecisionBound.wilsonLower(0.0, 10, 1.645));
    }

    @Test
    void wilsonLowerGrowsWithNAndStaysBelowP() {
        double prev = 0;
        for (int n = 1; n <= 100_000; n *= 2) {
            double lb = PrecisionBound.wilsonLower(0.95, n, 1.645);
            assertTrue(lb > prev, "not increasing at n=" + n);
            assertTrue(lb < 0.95, "above p at n=" + n);
            prev = lb;
        }
        assertEquals(0.95, prev, 0.002); // converges to p
    }
}
