package io.triage.local.chaos;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failures a run actually injected, by kind — counted by the driver when each took effect (an operator
 * failure only once a task tripped it), so the printed figures never include a failure that did not happen.
 */
public final class InjectedFailures {
    private final Map<FaultSwitch.Target, AtomicInteger> operators = new EnumMap<>(FaultSwitch.Target.class);
    private final AtomicInteger brokerRestarts = new AtomicInteger();
    private final AtomicInteger taskManagerKills = new AtomicInteger();

    public InjectedFailures() {
        for (FaultSwitch.Target t : FaultSwitch.Target.values()) operators.put(t, new AtomicInteger());
    }

    public void operator(FaultSwitch.Target t) {
        operators.get(t).incrementAndGet();
    }

    public void brokerRestart() {
        brokerRestarts.incrementAndGet();
    }

    public void taskManagerKill() {
        taskManagerKills.incrementAndGet();
    }

    public int operators() {
        return operators.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int operators(FaultSwitch.Target t) {
        return operators.get(t).get();
    }

    public int brokerRestarts() {
        return brokerRestarts.get();
    }

    public int taskManagerKills() {
        return taskManagerKills.get();
    }

    public int total() {
        return operators() + brokerRestarts() + taskManagerKills();
    }

    /** "25 failures injected (operators 20: Scorer 7, LabelJoiner 7, Learner 6; broker restarts 2; TaskManager kills 3)". */
    public String describe() {
        return String.format(Locale.ROOT, "%d failures injected (operators %d: Scorer %d, LabelJoiner %d, Learner %d; broker restarts %d; "
                        + "TaskManager kills %d)", total(), operators(), operators(FaultSwitch.Target.SCORER),
                operators(FaultSwitch.Target.JOINER), operators(FaultSwitch.Target.LEARNER), brokerRestarts(),
                taskManagerKills());
    }
}
