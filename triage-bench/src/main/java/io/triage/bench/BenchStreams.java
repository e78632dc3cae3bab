package io.triage.bench;

import io.triage.local.CsvDatasetReplayer;
import io.triage.local.DriftingStream;
import io.triage.local.FlightsReplayer;
import io.triage.local.JsonlDatasetReplayer;
import io.triage.local.HyperplaneGenerator;
import io.triage.local.PriorShiftGenerator;
import io.triage.local.RbfDriftGenerator;
import io.triage.local.SeaGenerator;
import io.triage.spec.DriftSpec;
import io.triage.spec.FieldType;
import io.triage.spec.LearningSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.PolicySpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * The benchmark's streams and the model spec served on each. One policy for every stream (audit 10%, 200
 * outcomes before a challenger may be promoted, Page-Hinkley + ADWIN, the spec's defaults otherwise; the
 * target is set per run), so results differ by data only.
 */
public final class BenchStreams {
    /** Audit probability of confident records on every stream. */
    static final double AUDIT_RATE = Double.parseDouble(System.getProperty("triage.bench.auditRate", "0.1"));
    /** The streams compared with MOA (budget mode runs on these). */
    public static final List<String> NAMES = List.of("flights", "digits", "sea", "hyperplane");
    /**
     * Every stream of the guarantee benchmark: flights in time order (bundled sample, and the 3M rows of the
     * first half of 2001), digits (stationary control), SEA and the rotating hyperplane with their default noise
     * and noise-free, RandomRBF with drifting centroids (gradual drift), and a class-prior shift.
     */
    public static final List<String> ALL = List.of("flights", "flights-h1", "digits", "sea", "sea-clean",
            "hyperplane", "hyperplane-clean", "rbf-drift", "prior-shift");
    private static final int DIGITS_ROWS = 1797;

    private BenchStreams() {}

    public static BenchStream create(String name, BenchOptions o) {
        return create(name, o, o.seed);
    }

    /** The stream {@code name} drawn with {@code seed} (generator seed, digits' shuffle; flights ignore it). */
    public static BenchStream create(String name, BenchOptions o, long seed) {
        long n = o.records;
        return switch (name) {
            case "flights" -> flights(o);
            case "flights-h1" -> flightsH1(o);
            case "digits" -> digits(o, seed);
            case "sea" -> synthetic(name, s -> new SeaGenerator(s, n), seed, n, 1 - SeaGenerator.DEFAULT_NOISE, sea());
            case "sea-clean" -> synthetic(name, s -> new SeaGenerator(s, n, 0.0), seed, n, 1.0, sea());
            case "hyperplane" -> synthetic(name, s -> new HyperplaneGenerator(s, n), seed, n,
                    1 - HyperplaneGenerator.DEFAULT_NOISE, hyperplane());
            case "hyperplane-clean" -> synthetic(name, s -> new HyperplaneGenerator(s, n, 0.0), seed, n, 1.0, hyperplane());
            case "rbf-drift" -> synthetic(name, s -> new RbfDriftGenerator(s, n), seed, n, 1.0,
                    numericSpec(RbfDriftGenerator.MODEL, List.of(RbfDriftGenerator.className(0),
                            RbfDriftGenerator.className(1)), names("x", 10)));
            case "prior-shift" -> synthetic(name, s -> new PriorShiftGenerator(s, n), seed, n, 1.0,
                    numericSpec(PriorShiftGenerator.MODEL, List.of("a", "b"), names("x", 4)));
            default -> throw new IllegalArgumentException("unknown stream '" + name + "' " + ALL);
        };
    }

    /** Streams whose records depend on the seed (the others are replayed in file order, once). */
    public static boolean seeded(String name) {
        return !name.startsWith("flights");
    }

    /** Whether the stream can be read here (flights-h1 needs its file). */
    /**
     * A stream of the user's: JSON lines of {@code records} messages with the true class in {@code truthField}, in
     * file order, served with the model spec of their job (its policy; the target is set per run).
     */
    public static BenchStream jsonl(Path file, String truthField, ModelSpec spec, long limit) {
        String name = "file:" + file.getFileName();
        return new BenchStream(name, () -> new JsonlDatasetReplayer(file, truthField, spec.id()), spec, new long[0],
                limit, Double.NaN);
    }

    public static boolean available(String name, BenchOptions o) {
        return !name.equals("flights-h1") || Files.isReadable(o.flightsH1File);
    }

    private static BenchStream synthetic(String name, LongFunction<DriftingStream> gen, long seed, long n,
                                         double ceiling, ModelSpec spec) {
        return new BenchStream(name, () -> gen.apply(seed), spec, gen.apply(seed).changePoints(), n, ceiling);
    }

    private static ModelSpec sea() {
        return numericSpec(SeaGenerator.MODEL, List.of("pos", "neg"), List.of("f1", "f2", "f3"));
    }

    private static ModelSpec hyperplane() {
        return numericSpec(HyperplaneGenerator.MODEL, List.of("pos", "neg"), names("x", 10));
    }

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static ModelSpec flightsSpec() {
        Map<String, FieldType> f = new LinkedHashMap<>();
        f.put("hour", FieldType.NUMERIC);
        f.put("distance", FieldType.NUMERIC);
        f.put("weekday", FieldType.CATEGORICAL);
        f.put("origin", FieldType.CATEGORICAL);
        f.put("destination", FieldType.CATEGORICAL);
        return new ModelSpec(FlightsReplayer.MODEL, List.of("delayed", "on_time"), f,
                LearningSpec.hashBits(12).withLearningRate(0.3), policy(), DriftSpec.defaults());
    }

    private static BenchStream flights(BenchOptions o) {
        Path file = o.flightsFile;
        return new BenchStream("flights", () -> file == null ? FlightsReplayer.fromResource() : new FlightsReplayer(file),
                flightsSpec(), new long[0], o.records, Double.NaN);
    }

    private static BenchStream flightsH1(BenchOptions o) {
        Path file = o.flightsH1File;
        return new BenchStream("flights-h1", () -> new FlightsReplayer(file), flightsSpec(), new long[0],
                o.flightsH1Records > 0 ? o.flightsH1Records : Long.MAX_VALUE, Double.NaN);
    }

    private static BenchStream digits(BenchOptions o, long seed) {
        Path file = o.digitsFile;
        int passes = o.digitsPasses > 0 ? o.digitsPasses : (int) Math.max(1, Math.ceil((double) o.records / DIGITS_ROWS));
        List<String> classes = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        return new BenchStream("digits", () -> file == null ? CsvDatasetReplayer.bundledDigits(passes, seed)
                        : new CsvDatasetReplayer(file, "digits", passes, seed),
                numericSpec("digits", classes, names("f", 64)), new long[0], o.records, Double.NaN);
    }

    private static ModelSpec numericSpec(String id, List<String> classes, List<String> numeric) {
        Map<String, FieldType> f = new LinkedHashMap<>();
        numeric.forEach(n -> f.put(n, FieldType.NUMERIC));
        // no categorical field: a tiny hashed block (only undeclared fields would land there)
        return new ModelSpec(id, new ArrayList<>(classes), f, LearningSpec.hashBits(4).withLearningRate(0.3),
                policy(), DriftSpec.defaults());
    }

    /** The policy of jobs/flights.yaml (the target is set per run). */
    static PolicySpec policy() {
        return PolicySpec.builder().targetPrecision(0.9).confidenceLevel(0.95).auditRate(AUDIT_RATE).minEvidence(200.0)
                .evidenceHalfLife(5000.0).reviewDeadlineMs(60_000L).build();
    }
}
