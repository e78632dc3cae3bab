package io.triage.local.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When to inject what: the failures spread over the time the records take to send, each at a random moment
 * within its own slot (so two never bunch up by design), the kinds in a random order. Operator failures
 * take Scorer, LabelJoiner and Learner in turn, so each gets a third of them. The same seed gives the same
 * schedule in every mode.
 */
public final class FailureSchedule {
    /** What a failure hits. */
    public enum Kind { OPERATOR, BROKER_RESTART, TASKMANAGER_KILL }

    /**
     * One planned failure.
     *
     * @param atSeconds seconds after the first record was sent
     * @param target    the operator to fail (OPERATOR only, else null)
     */
    public record Failure(double atSeconds, Kind kind, FaultSwitch.Target target) {}

    private FailureSchedule() {}

    public static List<Failure> plan(long seed, double sendSeconds, int operatorFailures, int brokerRestarts,
                                     int taskManagerKills) {
        int total = operatorFailures + brokerRestarts + taskManagerKills;
        Random rnd = new Random(seed);
        FaultSwitch.Target[] targets = FaultSwitch.Target.values();
        int brokerLeft = brokerRestarts;
        int killsLeft = taskManagerKills;
        int operators = 0;
        List<Failure> plan = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            double at = sendSeconds * (i + 0.5 + (rnd.nextDouble() - 0.5) * 0.8) / total;
            // each remaining failure equally likely to come next; no draw once only operator failures remain
            int draw = brokerLeft + killsLeft > 0 ? rnd.nextInt(total - i) : Integer.MAX_VALUE;
            if (draw < brokerLeft) {
                brokerLeft--;
                plan.add(new Failure(at, Kind.BROKER_RESTART, null));
            } else if (draw < brokerLeft + killsLeft) {
                killsLeft--;
                plan.add(new Failure(at, Kind.TASKMANAGER_KILL, null));
            } else {
                plan.add(new Failure(at, Kind.OPERATOR, targets[operators++ % targets.length]));
            }
        }
        return plan;
    }
}
