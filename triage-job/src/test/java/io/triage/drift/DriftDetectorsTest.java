package io.triage.drift;

import static io.triage.drift.DriftBench.CHANGE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.learn.StoredDetector;
import java.io.IOException;
import java.util.Locale;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DriftDetectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page-hinkley", "ddm"})
    void factoryBuildsEachKindWithDefaults(String kind) {
        DriftDetector d = DriftDetectors.create(DetectorSettings.defaults(kind));
        assertEquals(kind, d.name());
        assertEquals(0, d.samples());
        assertEquals(kind, d.state().kind().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page-hinkley", "ddm"})
    void restoreThroughFactoryContinuesExactly(String kind) throws IOException {
        DetectorSettings s = DetectorSettings.defaults(kind);
        double[] xs = DriftBench.abrupt(21, 12_000, CHANGE_AT, 0.2, 0.5);
        for (int from : new int[] {0, 3, 2500, 5050, 6000}) {
            DriftDetector d = DriftDetectors.create(s);
            for (int t = 0; t < from; t++) {
                d.update(xs[t]);
            }
            // Through Flink's serializer too, as it travels in the Learner's keyed state.
            DetectorSnapshot copy = flinkCopy(d.state());
            RoundTrip.assertSameFuture(d, DriftDetectors.restore(s, copy), xs, from);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page-hinkley", "ddm"})
    void resetForgetsEverything(String kind) {
        DetectorSettings s = DetectorSettings.defaults(kind);
        DriftDetector d = DriftDetectors.create(s);
        for (double x : DriftBench.abrupt(4, 6000, CHANGE_AT, 0.2, 0.5)) {
            d.update(x);
        }
        d.reset();
        assertEquals(DriftDetectors.create(s).state(), d.state());
    }

    @ParameterizedTest
    @ValueSource(classes = {StoredDetector.class, PageHinkleyState.class, DdmState.class, AdwinState.class,
        AdwinState.Row.class, AdwinState.Bucket.class, DetectorState.class})
    void stateIsAFlinkPojoNotKryo(Class<?> type) {
        TypeInformation<?> ti = TypeInformation.of(type);
        assertInstanceOf(PojoTypeInfo.class, ti, "would fall back to Kryo: " + ti);
    }

    @Test
    void misuseFailsFast() {
        DetectorSnapshot ph = new PageHinkley().state();
        assertThrows(IllegalArgumentException.class, () -> DriftDetectors.restore(DetectorSettings.defaults("adwin"), ph));
        assertThrows(IllegalArgumentException.class, () -> DetectorSettings.defaults("kswin"));
        assertThrows(IllegalArgumentException.class, () -> new Adwin().update(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley().update(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Ddm().update(-0.1));
    }

    @Test
    void stateEqualityIsByContent() {
        Adwin adwin = new Adwin();
        for (int t = 0; t < 100; t++) {
            adwin.update(t % 4 == 0 ? 1 : 0);
        }
        assertEquals(adwin.state(), adwin.state());
        assertEquals(adwin.state().hashCode(), adwin.state().hashCode());
        adwin.update(1);
        assertNotEquals(new Adwin().state(), adwin.state());
        DetectorState a = new DetectorState("x", new double[] {1, 2}, new long[] {3});
        assertEquals(a, new DetectorState("x", new double[] {1, 2}, new long[] {3}));
        assertEquals(a.hashCode(), new DetectorState("x", new double[] {1, 2}, new long[] {3}).hashCode());
        assertNotEquals(a, new DetectorState("x", new double[] {1, 2}, new long[] {4}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adwin", "page-hinkley", "ddm"})
    void falseAlarmRateOnALongStationaryStream(String kind) {
        // 20 seeds x 50,000 values at p = 0.2: resolves rates well below one per 5000.
        int n = 50_000;
        long alarms = 0;
        for (int seed = 0; seed < DriftBench.SEEDS; seed++) {
            DriftDetector d = DriftDetectors.create(DetectorSettings.defaults(kind));
            alarms += DriftBench.run(d, DriftBench.abrupt(100 + seed, n, n, 0.2, 0.2), n).falseAlarms();
        }
        double per5000 = alarms * 5000.0 / ((double) n * DriftBench.SEEDS);
        System.out.printf(Locale.ROOT, "%s stationary p=0.2: %d false alarms in %d values = %.3f per 5000%n",
                kind, alarms, (long) n * DriftBench.SEEDS, per5000);
        assertTrue(per5000 <= 1.0, kind + " false alarms per 5000: " + per5000);
        if (!kind.equals("ddm")) {
            assertFalse(per5000 > 0.5, kind + " should be well under the bound: " + per5000);
        }
    }

    private static DetectorSnapshot flinkCopy(DetectorSnapshot s) throws IOException {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        TypeSerializer<StoredDetector> ser = TypeInformation.of(StoredDetector.class)
                .createSerializer(new SerializerConfigImpl(noKryo));
        DataOutputSerializer out = new DataOutputSerializer(256);
        ser.serialize(StoredDetector.of(s), out);
        return ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())).state();
    }
}
