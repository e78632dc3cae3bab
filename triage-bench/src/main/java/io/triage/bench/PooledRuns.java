package io.triage.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs of one stream × policy × target over all seeds (guarantee mode), and what they say together. */
record PooledRuns(RunConfig first, List<RunResult> runs) {

    /** Guarantee runs grouped by stream, policy and target, in the order given. */
    static List<PooledRuns> group(List<RunResult> results) {
        Map<String, List<RunResult>> m = new LinkedHashMap<>();
        for (RunResult r : results) {
            RunConfig c = r.config();
            if (c.mode() != RunConfig.Mode.GUARANTEE) continue;
            m.computeIfAbsent(c.stream() + "|" + c.policy() + "|" + c.level(), k -> new ArrayList<>()).add(r);
        }
        return m.values().stream().map(l -> new PooledRuns(l.get(0).config(), l)).toList();
    }

    GuaranteeStats stats(int size) {
        return GuaranteeStats.of(size, first.level(), runs.stream().map(r -> r.checks().get(size)).toList());
    }

    /** Overall figures pooled (records, labels and alarms added up; rates weighted by what they count). */
    WindowResult overall() {
        long records = 0, labels = 0, alarms = 0;
        double correct = 0, auto = 0, autoCorrect = 0, majority = 0;
        for (RunResult r : runs) {
            WindowResult w = r.overall();
            records += w.records();
            labels += w.labels();
            alarms += w.driftAlarms();
            correct += w.accuracy() * w.records();
            auto += w.automationRate() * w.records();
            if (w.automationRate() > 0) autoCorrect += w.realizedPrecision() * w.automationRate() * w.records();
            majority += w.majority() * w.records();
        }
        return new WindowResult(0, records, correct / records, auto == 0 ? Double.NaN : autoCorrect / auto, Double.NaN,
                Double.NaN, Double.NaN, auto / records, labels, alarms, majority / records);
    }

    double humanEffort() {
        long asked = 0, records = 0;
        for (RunResult r : runs) {
            asked += r.requested();
            records += r.overall().records();
        }
        return records == 0 ? Double.NaN : (double) asked / records;
    }

    /** Per change point, the median over seeds of the labels until recovery (infinite: most never recovered). */
    double[] recoveryMedians() {
        int n = first.stream().isEmpty() ? 0 : runs.get(0).recoveries().length;
        double[] out = new double[n];
        for (int c = 0; c < n; c++) {
            long[] v = new long[runs.size()];
            for (int s = 0; s < runs.size(); s++) v[s] = runs.get(s).recoveries()[c];
            out[c] = GuaranteeStats.medianRecovery(v);
        }
        return out;
    }

    /** Runs whose recovery never came, over all change points. */
    int neverRecovered() {
        int n = 0;
        for (RunResult r : runs) for (long l : r.recoveries()) if (l == Recovery.NEVER) n++;
        return n;
    }

    double noiseCeiling() {
        return runs.get(0).noiseCeiling();
    }
}
