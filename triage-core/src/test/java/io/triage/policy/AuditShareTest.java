package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditShareTest {
    @Test
    void threeTimesTheBaseAtTheThresholdFadingToItOverTheBand() {
        assertEquals(0.15, AuditShare.at(0.90, 0.90, 0.05), 1e-12);
        assertEquals(0.10, AuditShare.at(0.925, 0.90, 0.05), 1e-12); // half way: 1 + 2 × 0.5
        assertEquals(0.05, AuditShare.at(0.95, 0.90, 0.05), 1e-12);
        assertEquals(0.05, AuditShare.at(0.999, 0.90, 0.05), 1e-12);
    }

    @Test
    void neverAboveOneNorBelowTheBase() {
        assertEquals(1.0, AuditShare.at(0.8, 0.8, 0.5), 1e-12);
        for (double c = 0.5; c <= 1; c += 0.001) {
            double pi = AuditShare.at(c, 0.5, 0.2);
            assertEquals(true, pi >= 0.2 - 1e-12 && pi <= 0.6 + 1e-12, "π(" + c + ") = " + pi);
        }
    }

    @Test
    void anAuditCountsAsTheShareOfAUniformDrawItsWeightAllows() {
        assertEquals(1.0, AuditShare.uniformShare(1 / 0.05, 0.05), 1e-12);
        assertEquals(1 / 3.0, AuditShare.uniformShare(1 / 0.15, 0.05), 1e-12);
        assertEquals(1.0, AuditShare.uniformShare(40, 0.05), 1e-12); // a boost lowered the rate below the base: capped
    }
}
