package io.triage.bench;

import io.triage.local.CsvDatasetReplayer;
import io.triage.local.FlightsReplayer;
import io.triage.local.HyperplaneGenerator;
import io.triage.local.SeaGenerator;
import io.triage.spec.DriftSpec;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The benchmark's streams and the model spec served on each. Policy and drift settings are those of
 * {@code jobs/flights.yaml} for every stream (audit 5%, 200 outcomes of evidence, half-life 5000,
 * Page-Hinkley + ADWIN), so results differ by data only.
 */
public final class BenchStreams {
    public static final List<String> NAMES = List.of("flights", "digits", "sea", "hyperplane");
    private static final int DIGITS_ROWS = 1797;

    private BenchStreams() {}

    public static BenchStream create(String name, BenchOptions o) {
        return switch (name) {
            case "flights" -> flights(o);
            case "digits" -> digits(o);
            case "sea" -> new BenchStream(name, () -> new SeaGenerator(o.seed, o.records), numericSpec("sea",
                    List.of("pos", "neg"), List.of("f1", "f2", "f3")), new SeaGenerator(o.seed, o.records).changePoints());
            case "hyperplane" -> new BenchStream(name, () -> new HyperplaneGenerator(o.seed, o.records),
                    numericSpec("hyperplane", List.of("pos", "neg"),
                            IntStream.range(0, 10).mapToObj(i -> "x" + i).toList()),
                    new HyperplaneGenerator(o.seed, o.records).changePoints());
            default -> throw new IllegalArgumentException("unknown stream '" + name + "' " + NAMES);
        };
    }

    private static BenchStream flights(BenchOptions o) {
        Map<String, FieldType> f = new LinkedHashMap<>();
        f.put("hour", FieldType.NUMERIC);
        f.put("distance", FieldType.NUMERIC);
        f.put("weekday", FieldType.CATEGORICAL);
        f.put("origin", FieldType.CATEGORICAL);
        f.put("destination", FieldType.CATEGORICAL);
        ModelSpec spec = new ModelSpec(FlightsReplayer.MODEL, List.of("delayed", "on_time"), f,
                new LearningSpec(0.3, null, null, null, 12, null), policy(), DriftSpec.defaults());
        Path file = o.flightsFile;
        return new BenchStream("flights", () -> file == null ? FlightsReplayer.fromResource() : new FlightsReplayer(file),
                spec, new long[0]);
    }

    private static BenchStream digits(BenchOptions o) {
        Path file = o.digitsFile;
        int passes = o.digitsPasses > 0 ? o.digitsPasses : (int) Math.max(1, Math.ceil((double) o.records / DIGITS_ROWS));
        List<String> classes = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        List<String> names = IntStream.range(0, 64).mapToObj(i -> "f" + i).toList();
        return new BenchStream("digits", () -> file == null ? CsvDatasetReplayer.bundledDigits(passes, o.seed)
                        : new CsvDatasetReplayer(file, "digits", passes, o.seed),
                numericSpec("digits", classes, names), new long[0]);
    }

    private static ModelSpec numericSpec(String id, List<String> classes, List<String> numeric) {
        Map<String, FieldType> f = new LinkedHashMap<>();
        numeric.forEach(n -> f.put(n, FieldType.NUMERIC));
        // no categorical field: a tiny hashed block (only undeclared fields would land there)
        return new ModelSpec(id, new ArrayList<>(classes), f, new LearningSpec(0.3, null, null, null, 4, null),
                policy(), DriftSpec.defaults());
    }

    /** The policy of jobs/flights.yaml (the target is set per run). */
    static PolicySpec policy() {
        return new PolicySpec(null, 0.9, 0.95, 0.05, 200.0, 5000.0, null, null, null, 60_000L, null, null, null, null);
    }
}
