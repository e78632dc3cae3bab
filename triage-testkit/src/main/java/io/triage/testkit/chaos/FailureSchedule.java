package io.triage.testkit.chaos;

import io.triage.testhooks.FaultSwitch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * When to inject what: the failures spread over the time the records take to send, each at a random moment
 * within its own slot (so two never bunch up by design), the kinds in a random order. Operator failures
 * take Scorer, LabelJoiner and Learner in turn, so each gets a third of them; checkpoint-phase failures take
 * the three phases in turn, each phase the three hooks in turn; network faults take delay, drop and stall in
 * turn. The same seed gives the same schedule in every mode.
 */
public final class FailureSchedule {
    /** What a failure hits. */
    public enum Kind {
        /** An exception in front of an operator, on an element. */
        OPERATOR,
        BROKER_RESTART,
        TASKMANAGER_KILL,
        /** An exception in a hook's {@code notifyCheckpointComplete}, right after a checkpoint completed. */
        AFTER_CHECKPOINT,
        /** An exception in a hook's {@code snapshotState} (synchronous part of the checkpoint). */
        SNAPSHOT,
        /** An exception while a hook's state is written, in the asynchronous part of the checkpoint. */
        ASYNC_SNAPSHOT,
        /** Latency added to every chunk between the job and the broker, for a few seconds. */
        NETWORK_DELAY,
        /** Every connection between the job and the broker closed at once. */
        NETWORK_DROP,
        /** Nothing forwarded between the job and the broker for a few seconds. */
        NETWORK_STALL,
        /** Nothing forwarded for longer than the review deadline, while the review team keeps answering. */
        LONG_STALL;

        /** The hook phase of a failure in front of an operator, else null. */
        public FaultSwitch.Phase phase() {
            return switch (this) {
                case OPERATOR -> FaultSwitch.Phase.ELEMENT;
                case AFTER_CHECKPOINT -> FaultSwitch.Phase.AFTER_CHECKPOINT;
                case SNAPSHOT -> FaultSwitch.Phase.SNAPSHOT;
                case ASYNC_SNAPSHOT -> FaultSwitch.Phase.ASYNC_SNAPSHOT;
                default -> null;
            };
        }

        public boolean network() {
            return this == NETWORK_DELAY || this == NETWORK_DROP || this == NETWORK_STALL || this == LONG_STALL;
        }
    }

    /**
     * How many of each: {@code checkpointFailures} spread over the three checkpoint phases, {@code networkFaults}
     * over delay, drop and stall.
     */
    public record Counts(int operators, int brokerRestarts, int taskManagerKills, int checkpointFailures,
                         int networkFaults, int longStalls) {
        public int total() {
            return operators + brokerRestarts + taskManagerKills + checkpointFailures + networkFaults + longStalls;
        }
    }

    /**
     * One planned failure.
     *
     * @param atSeconds seconds after the first record was sent
     * @param target    the hook that fails (OPERATOR and the checkpoint phases only, else null)
     */
    public record Failure(double atSeconds, Kind kind, FaultSwitch.Target target) {}

    private FailureSchedule() {}

    public static List<Failure> plan(long seed, double sendSeconds, int operatorFailures, int brokerRestarts,
                                     int taskManagerKills) {
        return plan(seed, sendSeconds, new Counts(operatorFailures, brokerRestarts, taskManagerKills, 0, 0, 0));
    }

    public static List<Failure> plan(long seed, double sendSeconds, Counts counts) {
        int total = counts.total();
        Random rnd = new Random(seed);
        FaultSwitch.Target[] targets = FaultSwitch.Target.values();
        Kind[] phases = {Kind.AFTER_CHECKPOINT, Kind.SNAPSHOT, Kind.ASYNC_SNAPSHOT};
        Kind[] network = {Kind.NETWORK_DELAY, Kind.NETWORK_DROP, Kind.NETWORK_STALL};
        // the kinds still to place; checkpoint and network faults are drawn as one group, then take their turn
        Map<Kind, Integer> left = new EnumMap<>(Kind.class);
        left.put(Kind.OPERATOR, counts.operators());
        left.put(Kind.BROKER_RESTART, counts.brokerRestarts());
        left.put(Kind.TASKMANAGER_KILL, counts.taskManagerKills());
        left.put(Kind.SNAPSHOT, counts.checkpointFailures()); // stands for the group
        left.put(Kind.NETWORK_STALL, counts.networkFaults()); // stands for the group
        left.put(Kind.LONG_STALL, counts.longStalls());
        int operators = 0, checkpoints = 0, nets = 0;
        Map<Kind, Integer> phaseTargets = new EnumMap<>(Kind.class);
        List<Failure> plan = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            double at = sendSeconds * (i + 0.5 + (rnd.nextDouble() - 0.5) * 0.8) / total;
            // each remaining failure equally likely to come next; no draw once only operator failures remain
            boolean onlyOperators = left.get(Kind.OPERATOR) == total - i;
            int draw = onlyOperators ? 0 : rnd.nextInt(total - i);
            Kind group = null;
            for (Map.Entry<Kind, Integer> e : left.entrySet()) {
                if (draw < e.getValue()) {
                    group = e.getKey();
                    break;
                }
                draw -= e.getValue();
            }
            left.merge(group, -1, Integer::sum);
            switch (group) {
                case OPERATOR -> plan.add(new Failure(at, Kind.OPERATOR, targets[operators++ % targets.length]));
                case SNAPSHOT -> {
                    Kind phase = phases[checkpoints++ % phases.length];
                    int n = phaseTargets.merge(phase, 1, Integer::sum) - 1;
                    plan.add(new Failure(at, phase, targets[n % targets.length]));
                }
                case NETWORK_STALL -> plan.add(new Failure(at, network[nets++ % network.length], null));
                default -> plan.add(new Failure(at, group, null));
            }
        }
        return plan;
    }
}
