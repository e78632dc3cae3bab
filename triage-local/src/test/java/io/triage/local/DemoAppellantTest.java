package io.triage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoAppellantTest {
    @Test
    void appealsTheShareAskedForTheSameRecordsEachRun() {
        int chosen = 0;
        for (int i = 0; i < 100_000; i++) if (DemoAppellant.chosen("tx-" + i, 7, 0.05)) chosen++;
        assertEquals(5_000, chosen, 300, "about 5% (binomial sd 69)");
        for (int i = 0; i < 1_000; i++) {
            assertEquals(DemoAppellant.chosen("tx-" + i, 7, 0.05), DemoAppellant.chosen("tx-" + i, 7, 0.05));
        }
        int none = 0, all = 0;
        for (int i = 0; i < 1_000; i++) {
            if (DemoAppellant.chosen("tx-" + i, 7, 0)) none++;
            if (DemoAppellant.chosen("tx-" + i, 7, 1)) all++;
        }
        assertEquals(0, none);
        assertEquals(1_000, all);
        int other = 0;
        for (int i = 0; i < 1_000; i++) {
            if (DemoAppellant.chosen("tx-" + i, 7, 0.5) != DemoAppellant.chosen("tx-" + i, 8, 0.5)) other++;
        }
        assertTrue(other > 350, "another seed draws other records: " + other);
    }
}
