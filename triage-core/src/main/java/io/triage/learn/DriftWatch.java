package io.triage.learn;

import io.triage.drift.DetectorSettings;
import io.triage.drift.DetectorSnapshot;
import io.triage.drift.DriftDetector;
import io.triage.drift.DriftDetectors;
import io.triage.spec.DriftSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Watches the learning model's labeled predictions for drift: the drift detectors over its calibration
 * residual, the prequential accuracy it reports, and the count of alarms raised (by the detectors or by the
 * threshold policy).
 */
final class DriftWatch {
    /** Half-life, in labels, of the reported prequential accuracy. */
    private static final double ACCURACY_HALF_LIFE = 500;

    /** A detector's alarm. */
    record Alarm(String detector, double statistic) {}

    private final DriftDetector[] detectors;
    private double prequentialAccuracy;
    private long alarms;

    /** A fresh watch with the spec's detectors. */
    DriftWatch(DriftSpec spec) {
        this.detectors = settings(spec).stream().map(DriftDetectors::create).toArray(DriftDetector[]::new);
    }

    /** Restored; detectors follow the spec, so a list changed on upgrade starts the new ones fresh. */
    DriftWatch(DriftSpec spec, DetectorSnapshot[] restored, double prequentialAccuracy, long alarms) {
        List<DetectorSettings> kinds = settings(spec);
        this.detectors = new DriftDetector[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            detectors[i] = i < restored.length && restored[i].kind().code().equals(kinds.get(i).kind())
                    ? DriftDetectors.restore(kinds.get(i), restored[i]) : DriftDetectors.create(kinds.get(i));
        }
        this.prequentialAccuracy = prequentialAccuracy;
        this.alarms = alarms;
    }

    private static List<DetectorSettings> settings(DriftSpec d) {
        return d.detectors().stream().map(DetectorSettings::defaults).toList();
    }

    /**
     * A labeled prediction of the learning model.
     *
     * @param p     its class probabilities (at least two)
     * @param known the index of the true class (-1 for a class the model does not know yet)
     * @return the detectors that raised an alarm on it
     */
    List<Alarm> observe(double[] p, int known) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        boolean correct = best == known;
        prequentialAccuracy += (1 - Math.pow(0.5, 1 / ACCURACY_HALF_LIFE)) * ((correct ? 1 : 0) - prequentialAccuracy);
        // calibration residual: error minus the error the model itself expected, mapped into [0, 1];
        // unlike the raw error it does not rise just because only uncertain records reach humans
        double residual = ((correct ? 0 : 1) - (1 - p[best]) + 1) / 2;
        List<Alarm> raised = new ArrayList<>(0);
        for (DriftDetector d : detectors) {
            if (d.update(residual)) raised.add(new Alarm(d.name(), d.statistic()));
        }
        return raised;
    }

    /** Counts an alarm, the detectors' or the policy's. */
    void counted() {
        alarms++;
    }

    long alarms() {
        return alarms;
    }

    double prequentialAccuracy() {
        return prequentialAccuracy;
    }

    DetectorSnapshot[] states() {
        return Arrays.stream(detectors).map(DriftDetector::state).toArray(DetectorSnapshot[]::new);
    }
}
