package io.triage.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowCheckTest {

    @Test
    void oracleTakesTheLargestConfidentPrefixAtTheTarget() {
        RecordLog log = new RecordLog();
        // confidences 0.9 ✓, 0.8 ✗, 0.7 ✓, 0.6 ✓, no prediction, 0.5 ✗
        log.add(true, 0.9, true, true, false);
        log.add(true, 0.8, false, true, false);
        log.add(true, 0.7, true, false, true);
        log.add(true, 0.6, true, false, true);
        log.add(false, 0.0, false, false, true);
        log.add(true, 0.5, false, false, true);
        // prefixes: 1/1, 1/2, 2/3, 3/4, 3/5
        assertEquals(4, HindsightOracle.automatable(log, 0, 6, 0.75));
        assertEquals(1, HindsightOracle.automatable(log, 0, 6, 0.8));
        assertEquals(5, HindsightOracle.automatable(log, 0, 6, 0.6));
        WindowCheck w = WindowCheck.of(log, 0, 6, 0.75);
        assertEquals(2, w.automated());
        assertEquals(0.5, w.precision());
        assertEquals(4, w.requested());
        assertEquals(4 / 6.0, w.oracleShare());
    }

    @Test
    void tiesKeepRecordOrder() {
        RecordLog log = new RecordLog();
        log.add(true, 0.7, false, false, true);
        log.add(true, 0.7, true, false, true);
        log.add(true, 0.7, true, false, true);
        // record order: ✗ ✓ ✓ → prefixes 0/1, 1/2, 2/3
        assertEquals(3, HindsightOracle.automatable(log, 0, 3, 0.6));
        assertEquals(0, HindsightOracle.automatable(log, 0, 1, 0.6));
    }

    @Test
    void poolsPercentilesAndSharesOverCountedWindows() {
        RecordLog log = new RecordLog();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 4000; i++) log.add(true, r.nextDouble(), r.nextDouble() < (i < 2000 ? 0.95 : 0.85), i % 10 < 6, i % 10 >= 6);
        List<WindowCheck> ws = WindowCheck.of(log, 1000, 0.9);
        assertEquals(4, ws.size());
        GuaranteeStats s = GuaranteeStats.of(1000, 0.9, List.of(ws));
        assertEquals(4, s.counted());
        assertEquals(0.5, s.belowTarget());
        assertEquals(0.6, s.automation(), 1e-12);
        assertEquals(0.4, s.humanEffort(), 1e-12);
        assertEquals(Math.min(ws.get(2).precision(), ws.get(3).precision()), s.minPrecision());
        assertEquals(2.5, GuaranteeStats.quantile(new double[] {1, 2, 3, 4}, 0.5));
        assertEquals(Double.POSITIVE_INFINITY, GuaranteeStats.medianRecovery(new long[] {5, -1, -1}));
        assertEquals(5, GuaranteeStats.medianRecovery(new long[] {5, 3, -1}));
    }
}
