package io.triage.e2e;

import io.triage.testkit.cli.ChaosCommand;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.testkit.chaos.ChaosRun;
import io.triage.testkit.chaos.ExactlyOnceVerifier;
import io.triage.testkit.chaos.FailureSchedule;
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
 */
class FaultInjectionIT {
    @Test
    void nothingLostOrDuplicatedUnderFailures() throws Exception {
        ChaosRun.Result r = new ChaosRun(new ChaosRun.Settings(ChaosCommand.chaosSpec(),
                () -> new TransactionsGenerator(5, 3000, -1), 6000, 250, new FailureSchedule.Counts(4, 1, 0, 3, 3, 1),
                ReviewTeam.Settings.of(4, 0.98, 5, 0.01, 5).withCorrections(0.5), 5, Duration.ofMinutes(4), 0.03, 0.1), System.out).run();
        System.out.println(r.table());
        ExactlyOnceVerifier.Report report = r.report();
        assertTrue(report.problems().isEmpty(), r.table());
        assertEquals(6000, report.records());
        assertEquals(0, report.lost());
        assertEquals(0, report.duplicated());
        assertTrue(r.operatorFailures() >= 3, "operator failures injected: " + r.operatorFailures());
        assertTrue(r.injected().checkpointFailures() >= 2, "checkpoint-phase failures: " + r.injected().checkpointFailures());
        assertEquals(4, r.injected().networkFaults());
        assertEquals(1, r.brokerRestarts());
        // every version reproduced: one per first answer and one per relabel
        assertTrue(report.labelsApplied() > 0
                && report.versionsReproduced() == report.labelsApplied() + report.relabels(), report.table());

        ExactlyOnceVerifier.Oracle o = report.oracle();
        assertEquals(6000, o.recordsSent());
        assertEquals(0, o.sentUndecided() + o.sentDecidedTwice() + o.decidedNeverSent() + o.recordsTopicMismatch());
        assertTrue(o.labelsSent() > 0 && o.labelsApplied() > 0, "labels sent " + o.labelsSent());
        // no honest label is lost to a recovery: deadlines run in event time (the LabelJoiner reads every label
        // sent before a deadline before it expires the request)
        assertEquals(0, o.onTimeRejected(), "honest on-time labels rejected: " + o.onTimeRejectedReasons());
        assertEquals(0, o.rejectedUnexpected(), "late labels rejected for an unexpected reason");
        assertEquals(0, o.onTimeWithoutOutcome());

        // appeals of 3% of the decisions under the same faults: each accepted once and ended once
        ExactlyOnceVerifier.Appeals a = report.appeals();
        assertTrue(a.sent() > 50, "appeals sent: " + a.sent());
        assertEquals(a.sent(), a.received() + a.rejected(), "every appeal sent accepted or refused");
        assertEquals(a.received(), a.upheld() + a.overturned() + a.expired(), "every accepted appeal ended once");
        assertEquals(a.overturned(), a.amended(), "every overturned appeal amended its decision once");

        // reviewers corrected some of their slips under the same faults: each amending correction has exactly one
        // amended decision and one relabel version, replayed (the verifier's checks above)
        assertTrue(report.relabels() > 0, "corrections that amended a decision: " + report.relabels());
    }
}
