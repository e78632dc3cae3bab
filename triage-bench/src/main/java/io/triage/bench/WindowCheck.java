package io.triage.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The promise checked on one window of records: what the policy automated and how much of it was right,
 * what the hindsight oracle could have automated at the target, and the human work asked.
 *
 * @param start       index of the first record
 * @param records     records in the window
 * @param automated   records decided automatically
 * @param autoCorrect automated decisions that match the truth
 * @param oracle      records the hindsight oracle automates at the run's target
 * @param requested   records sent to a human (reviews, audits, cold start)
 * @param labels      labels that reached the learner during the window
 */
record WindowCheck(long start, int records, int automated, int autoCorrect, int oracle, int requested, int labels) {
    /** Windows with fewer automated decisions say too little about precision and are not counted. */
    static final int MIN_AUTOMATED = 50;

    double precision() {
        return automated == 0 ? Double.NaN : (double) autoCorrect / automated;
    }

    boolean counted() {
        return automated >= MIN_AUTOMATED;
    }

    double automation() {
        return (double) automated / records;
    }

    double oracleShare() {
        return (double) oracle / records;
    }

    /** Consecutive windows of {@code size} records from record 0 (the last may be shorter, as in window_oracle.py). */
    static List<WindowCheck> of(RecordLog log, int size, double target) {
        List<WindowCheck> out = new ArrayList<>();
        for (int s = 0; s < log.size(); s += size) out.add(of(log, s, Math.min(log.size(), s + size), target));
        return out;
    }

    static WindowCheck of(RecordLog log, int from, int to, double target) {
        int auto = 0, right = 0, asked = 0, labels = 0;
        for (int i = from; i < to; i++) {
            if (log.automated(i)) {
                auto++;
                if (log.correct(i)) right++;
            }
            if (log.requested(i)) asked++;
            labels += log.applied(i);
        }
        return new WindowCheck(from, to - from, auto, right, HindsightOracle.automatable(log, from, to, target), asked,
                labels);
    }
}
