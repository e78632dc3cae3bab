package io.triage.e2e;

import io.triage.cli.ChaosCommand;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.local.chaos.ChaosRun;
import io.triage.local.chaos.ExactlyOnceVerifier;
import io.triage.local.chaos.FailureSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of the fault-injection suite ({@code bin/triage chaos} is the long one): failures in front
 * of the Scorer, the LabelJoiner and the Learner, on an element and pinned to each checkpoint phase (right after
 * notifyCheckpointComplete, in snapshotState, in the asynchronous snapshot), network faults between the job and
 * the broker (delay, all connections dropped, a stall, and a stall longer than the review deadline while the
 * team keeps answering) and a broker restart, at random moments, with a live review team; then nothing may be
 * lost or duplicated, every version and automated decision must replay, and against the replayer's and the
 * team's own logs every record sent has one decision and every honest label is applied or rejected as expected.
 *
 * <p>Known failure (issue 10, LabelJoiner fix pending on another branch): after the stall longer than the review
 * deadline — and, less often, after an ordinary recovery that leaves the job seconds behind — labels the team
 * sent on time are rejected as {@code late-after-expiry}, because the LabelJoiner judges lateness by its own
 * clock when it finally reads them. The verifier counts them as honest labels rejected and marks exactly those —
 * sent before the request's deadline, rejected as late-after-expiry — as {@link ExactlyOnceVerifier#KNOWN}; this
 * test tolerates only those and prints how many there were. An honest label rejected for any other reason, or
 * left without outcome, fails it.
 */
class FaultInjectionIT {
    @Test
    void nothingLostOrDuplicatedUnderFailures() throws Exception {
        ChaosRun.Result r = new ChaosRun(new ChaosRun.Settings(ChaosCommand.chaosSpec(),
                () -> new TransactionsGenerator(5, 3000, -1), 6000, 250, new FailureSchedule.Counts(4, 1, 0, 3, 3, 1),
                ReviewTeam.Settings.of(4, 0.98, 5, 0.01, 5), 5, Duration.ofMinutes(4)), System.out).run();
        System.out.println(r.table());
        ExactlyOnceVerifier.Report report = r.report();
        assertTrue(report.problemsButKnown().isEmpty(), r.table());
        assertEquals(6000, report.records());
        assertEquals(0, report.lost());
        assertEquals(0, report.duplicated());
        assertTrue(r.operatorFailures() >= 3, "operator failures injected: " + r.operatorFailures());
        assertTrue(r.injected().checkpointFailures() >= 2, "checkpoint-phase failures: " + r.injected().checkpointFailures());
        assertEquals(4, r.injected().networkFaults());
        assertEquals(1, r.brokerRestarts());
        assertTrue(report.labelsApplied() > 0 && report.versionsReproduced() == report.labelsApplied());

        ExactlyOnceVerifier.Oracle o = report.oracle();
        assertEquals(6000, o.recordsSent());
        assertEquals(0, o.sentUndecided() + o.sentDecidedTwice() + o.decidedNeverSent() + o.recordsTopicMismatch());
        assertTrue(o.labelsSent() > 0 && o.labelsApplied() > 0, "labels sent " + o.labelsSent());
        assertEquals(o.onTimeRejected(), o.onTimeRejectedLate(),
                "honest on-time labels rejected for another reason than late-after-expiry: " + o.onTimeRejectedReasons());
        assertEquals(o.onTimeRejected(), o.rejectedUnexpected(), "late labels rejected for an unexpected reason");
        assertEquals(0, o.onTimeWithoutOutcome());
        if (o.onTimeRejectedLate() > 0) {
            System.out.println("KNOWN FAILURE (issue 10): " + o.onTimeRejectedLate() + " of " + o.labelsOnTime()
                    + " honest on-time labels rejected as late-after-expiry (" + o.onTimeRejectedAfterLongOutage()
                    + " after the stall longer than the review deadline)");
        }
    }
}
