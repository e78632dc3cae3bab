package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditShareTest {
    @Test
    void threeTimesTheBaseAtTheThresholdFadingToItOverTheBand() {
        assertEquals(0.15, AuditShare.at(0.80, 0.80, 0.05), 1e-12);
        assertEquals(0.10, AuditShare.at(0.825, 0.80, 0.05), 1e-12); // half way: 1 + 2 × 0.5
        assertEquals(0.05, AuditShare.at(0.85, 0.80, 0.05), 1e-12);
        assertEquals(0.05, AuditShare.at(0.999, 0.80, 0.05), 1e-12);
    }

    @Test
    void aHighThresholdHasANarrowerBand() {
        assertEquals(0.15, AuditShare.at(0.96, 0.96, 0.05), 1e-12);
        assertEquals(0.10, AuditShare.at(0.965, 0.96, 0.05), 1e-12); // band (1 − 0.96)/4 = 0.01, half way
        assertEquals(0.05, AuditShare.at(0.975, 0.96, 0.05), 1e-12);
        assertEquals(0.05, AuditShare.at(1.0, 1.0, 0.05), 1e-12);
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
