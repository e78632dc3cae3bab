package io.triage.drift;

import static io.triage.drift.DriftBench.CHANGE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The positional layout of builds up to learner-v4 converts to the same named state. */
class DetectorStateTest {

    @Test
    void pageHinkleyFieldsByPosition() {
        DetectorState old = new DetectorState("page-hinkley", new double[] {0.25, -1.5, -3, 1.5}, new long[] {40, 12});
        assertEquals(new PageHinkleyState(40, 12, 0.25, -1.5, -3, 1.5), old.named());
    }

    @Test
    void ddmFieldsByPosition() {
        DetectorState old = new DetectorState("ddm", new double[] {0.2, 0.18, 0.05, 0.26, 0.33}, new long[] {90, 60, 1});
        assertEquals(new DdmState(90, 60, 0.2, 0.18, 0.05, 0.26, 0.33, true), old.named());
    }

    @Test
    void adwinFieldsAndBucketRowsByPosition() {
        DetectorState old = new DetectorState("adwin",
                new double[] {5, 1.5, 0.7, /* row 0 */ 1, 0, 0, 0, /* row 1 */ 2, 0.5, 2, 1},
                new long[] {64, 6, 2, 2, 2});
        AdwinState.Row row0 = new AdwinState.Row(new AdwinState.Bucket[] {
            new AdwinState.Bucket(1, 0), new AdwinState.Bucket(0, 0)});
        AdwinState.Row row1 = new AdwinState.Row(new AdwinState.Bucket[] {
            new AdwinState.Bucket(2, 0.5), new AdwinState.Bucket(2, 1)});
        assertEquals(new AdwinState(64, 6, 5, 1.5, 0.7, new AdwinState.Row[] {row0, row1}), old.named());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page-hinkley", "ddm"})
    void theOldFormOfARunningDetectorRestoresToTheSameFuture(String kind) {
        DetectorSettings s = DetectorSettings.defaults(kind);
        double[] xs = DriftBench.abrupt(31, 9000, CHANGE_AT, 0.2, 0.5);
        for (int from : new int[] {0, 5, 4000, 5300}) {
            DriftDetector d = DriftDetectors.create(s);
            for (int t = 0; t < from; t++) {
                d.update(xs[t]);
            }
            DetectorSnapshot named = positional(d.state()).named();
            assertEquals(d.state(), named);
            RoundTrip.assertSameFuture(d, DriftDetectors.restore(s, named), xs, from);
        }
    }

    @Test
    void aCorruptOldFormIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DetectorState("kswin", new double[4], new long[2]).named());
        assertThrows(IllegalArgumentException.class, () -> new DetectorState("page-hinkley", new double[3], new long[2]).named());
        assertThrows(IllegalArgumentException.class, () -> new DetectorState("ddm", new double[5], new long[2]).named());
        // two rows announced, one size given; one bucket announced, none in the values
        assertThrows(IllegalArgumentException.class, () -> new DetectorState("adwin", new double[3], new long[] {1, 1, 2, 1}).named());
        assertThrows(IllegalArgumentException.class, () -> new DetectorState("adwin", new double[3], new long[] {1, 1, 1, 1}).named());
    }

    /** The layout builds up to learner-v4 wrote (their {@code state()}), frozen here to test the conversion. */
    private static DetectorState positional(DetectorSnapshot s) {
        if (s instanceof PageHinkleyState p) {
            return new DetectorState("page-hinkley", new double[] {p.mean(), p.sum(), p.min(), p.statistic()},
                    new long[] {p.samples(), p.n()});
        }
        if (s instanceof DdmState d) {
            return new DetectorState("ddm", new double[] {d.p(), d.pMin(), d.sMin(), d.statistic(), d.threshold()},
                    new long[] {d.samples(), d.n(), d.warning() ? 1 : 0});
        }
        AdwinState a = (AdwinState) s;
        List<Double> values = new ArrayList<>(List.of(a.total(), a.variance(), a.statistic()));
        long[] counts = new long[3 + a.rows().length];
        counts[0] = a.samples();
        counts[1] = a.width();
        counts[2] = a.rows().length;
        for (int r = 0; r < a.rows().length; r++) {
            counts[3 + r] = a.rows()[r].buckets().length;
            for (AdwinState.Bucket b : a.rows()[r].buckets()) {
                values.add(b.total());
                values.add(b.variance());
            }
        }
        return new DetectorState("adwin", values.stream().mapToDouble(Double::doubleValue).toArray(), counts);
    }
}
