package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditSamplerTest {
    private static final int N = 100_000;

    @Test
    void deterministicAndInUnitInterval() {
        for (int i = 0; i < 1000; i++) {
            double u = AuditSampler.uniform("fraud", "tx-" + i);
            assertEquals(u, AuditSampler.uniform("fraud", "tx-" + i));
            assertTrue(u >= 0 && u < 1);
        }
    }

    @Test
    void auditedShareMatchesTheRate() {
        for (double rate : new double[] {0.02, 0.1, 0.5}) {
            int audited = 0;
            for (int i = 0; i < N; i++) if (AuditSampler.audited("fraud", "tx-" + i, rate)) audited++;
            assertEquals(rate, (double) audited / N, 0.005, "rate " + rate);
        }
    }

    @Test
    void drawIsNestedInTheRate() {
        // a record audited at rate a is audited at every larger rate: raising the audit rate only adds audits
        for (int i = 0; i < 10_000; i++) {
            String id = "r" + i;
            if (AuditSampler.audited("m", id, 0.02)) assertTrue(AuditSampler.audited("m", id, 0.1));
        }
    }

    @Test
    void independentOfOrderAndOfOtherModels() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) ids.add("id-" + i);
        Set<String> inOrder = new HashSet<>();
        for (String id : ids) if (AuditSampler.audited("a", id, 0.1)) inOrder.add(id);
        // interleave draws for another model and shuffle: the set of audited ids of "a" does not change
        Collections.shuffle(ids, new Random(7));
        Set<String> shuffled = new HashSet<>();
        int bothModels = 0;
        for (String id : ids) {
            boolean b = AuditSampler.audited("b", id, 0.1);
            boolean a = AuditSampler.audited("a", id, 0.1);
            if (a) shuffled.add(id);
            if (a && b) bothModels++;
        }
        assertEquals(inOrder, shuffled);
        // draws of two models are independent: overlap ≈ 0.1 · 0.1
        assertEquals(0.01, (double) bothModels / N, 0.002);
        assertNotEquals(AuditSampler.uniform("a", "id-1"), AuditSampler.uniform("b", "id-1"));
    }

    @Test
    void weightIsTheInverseRate() {
        assertEquals(50.0, AuditSampler.weight(0.02), 1e-9);
    }
}
