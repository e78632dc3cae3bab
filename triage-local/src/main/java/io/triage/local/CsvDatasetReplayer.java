package io.triage.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Replays a small all-numeric classification CSV (sklearn's UCI files): features f0..fN, the class index
 * last. An optional sklearn header line ({@code n_samples,n_features,class names...}) gives class names;
 * without it (digits.csv.gz) the truth is the class index. Files are small, so they are held in memory.
 */
public final class CsvDatasetReplayer implements RecordStream {

    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private final String name;
    private final List<double[]> rows;
    private final List<String> classNames;
    private final int passes;
    private final Random shuffle;
    private List<double[]> order;
    private int pass;
    private int pos;
    private long emitted;

    /** One pass in file order; the model name is the file name without extensions. */
    public CsvDatasetReplayer(Path file) {
        this(file, baseName(file), 1, null);
    }

    /**
     * @param passes      how often to replay the rows (at least 1)
     * @param shuffleSeed shuffles the rows before each pass when not null
     */
    public CsvDatasetReplayer(Path file, String name, int passes, Long shuffleSeed) {
        this(() -> reader(file), name, passes, shuffleSeed);
    }

    /** The digits dataset bundled in the jar (see src/main/resources/data/README.md), as model {@code digits}. */
    public static CsvDatasetReplayer bundledDigits(int passes, Long shuffleSeed) {
        return new CsvDatasetReplayer(() -> {
            InputStream in = CsvDatasetReplayer.class.getResourceAsStream(DIGITS_RESOURCE);
            if (in == null) throw new IllegalStateException("missing bundled resource " + DIGITS_RESOURCE);
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
        }, "digits", passes, shuffleSeed);
    }

    private static final String DIGITS_RESOURCE = "/data/digits.csv.gz";

    /** Opens the CSV text. */
    private interface Source {
        BufferedReader open() throws IOException;
    }

    private CsvDatasetReplayer(Source source, String name, int passes, Long shuffleSeed) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1");
        }
        this.name = name;
        this.passes = passes;
        this.shuffle = shuffleSeed == null ? null : new Random(shuffleSeed);
        this.rows = new ArrayList<>();
        this.classNames = new ArrayList<>();
        read(source);
        startPass();
    }

    private void read(Source source) {
        try (BufferedReader r = source.open()) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",");
                if (first && !allNumeric(c)) {
                    // sklearn header: n_samples, n_features, then one name per class index.
                    for (int i = 2; i < c.length; i++) {
                        classNames.add(c[i].trim());
                    }
                } else {
                    double[] v = new double[c.length];
                    for (int i = 0; i < c.length; i++) {
                        v[i] = Double.parseDouble(c[i].trim());
                    }
                    rows.add(v);
                }
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static boolean allNumeric(String[] cells) {
        for (String c : cells) {
            try {
                Double.parseDouble(c.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private void startPass() {
        order = new ArrayList<>(rows);
        if (shuffle != null) {
            Collections.shuffle(order, shuffle);
        }
        pos = 0;
    }

    @Override
    public String name() {
        return name;
    }

    /** Rows per pass. */
    public int size() {
        return rows.size();
    }

    /** Class names from the header, empty when the file has none. */
    public List<String> classNames() {
        return List.copyOf(classNames);
    }

    @Override
    public boolean hasNext() {
        if (pos < order.size()) {
            return true;
        }
        if (pass + 1 < passes && !rows.isEmpty()) {
            pass++;
            startPass();
            return true;
        }
        return false;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        double[] v = order.get(pos++);
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < v.length - 1; i++) {
            f.put("f" + i, v[i]);
        }
        int cls = (int) v[v.length - 1];
        String truth = cls >= 0 && cls < classNames.size() ? classNames.get(cls) : Integer.toString(cls);
        long n = ++emitted;
        // Synthetic timestamps one second apart: these datasets have no time.
        String json = RecordJson.write(name + "-" + n, name, EPOCH.plusSeconds(n), f);
        return new LabeledRecord(json, truth);
    }
}
