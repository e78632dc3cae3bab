package io.triage.e2e;

import io.triage.cli.ChaosCommand;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.local.chaos.ChaosRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of the fault-injection suite ({@code bin/triage chaos} is the long one): failures in front
 * of the Scorer, the LabelJoiner and the Learner and a broker restart, at random moments, with a live review
 * team; then nothing may be lost or duplicated and every version and automated decision must replay.
 */
class FaultInjectionIT {
    @Test
    void nothingLostOrDuplicatedUnderFailures() throws Exception {
        ChaosRun.Result r = new ChaosRun(new ChaosRun.Settings(ChaosCommand.chaosSpec(),
                () -> new TransactionsGenerator(5, 3000, -1), 6000, 250, 4, 1,
                ReviewTeam.Settings.of(4, 0.98, 5, 0.01, 5), 5, Duration.ofMinutes(4)), System.out).run();
        System.out.println(r.table());
        assertTrue(r.report().ok(), r.table());
        assertEquals(6000, r.report().records());
        assertEquals(0, r.report().lost());
        assertEquals(0, r.report().duplicated());
        assertTrue(r.operatorFailures() >= 3, "operator failures injected: " + r.operatorFailures());
        assertEquals(1, r.brokerRestarts());
        assertTrue(r.report().labelsApplied() > 0 && r.report().versionsReproduced() == r.report().labelsApplied());
    }
}
