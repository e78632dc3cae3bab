package io.triage.bench.moa;

import io.triage.bench.BenchStream;
import io.triage.codec.DecodedRecord;
import io.triage.event.InvalidInputException;
import io.triage.codec.RecordDecoder;
import io.triage.local.LabeledRecord;
import io.triage.local.RecordStream;
import io.triage.spec.FieldType;
import io.triage.spec.ModelSpec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a benchmark stream as ARFF for MOA: the same records, in the same order, decoded by the job's
 * {@link RecordDecoder}; declared numeric fields stay numeric, categorical ones become nominal attributes
 * (values collected in a first pass), the true class last. MOA learners see raw features (no hashing, no scaling).
 */
final class ArffExport {
    private ArffExport() {}

    static Path write(BenchStream s, long records, Path dir) throws IOException {
        ModelSpec spec = s.spec();
        Map<String, TreeSet<String>> nominal = new LinkedHashMap<>();
        spec.features().forEach((f, t) -> {
            if (t != FieldType.NUMERIC) nominal.put(f, new TreeSet<>());
        });
        forEach(s, records, (d, truth) -> nominal.forEach((f, set) -> {
            Object v = d.features().get(f);
            if (v != null) set.add(v.toString());
        }));
        Files.createDirectories(dir);
        Path file = dir.resolve(s.name() + "-" + records + ".arff");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("@relation " + s.name() + "\n");
            List<String> fields = new ArrayList<>(spec.features().keySet());
            for (String f : fields) {
                w.write("@attribute " + f + " " + (nominal.containsKey(f) ? set(nominal.get(f)) : "numeric") + "\n");
            }
            w.write("@attribute class " + set(new TreeSet<>(spec.classes())) + "\n@data\n");
            IOException[] failed = new IOException[1];
            forEach(s, records, (d, truth) -> {
                StringBuilder b = new StringBuilder();
                for (String f : fields) {
                    Object v = d.features().get(f);
                    b.append(v == null ? "?" : v instanceof Double x ? String.format(Locale.ROOT, "%s", x) : quote(v.toString()))
                            .append(',');
                }
                b.append(quote(truth)).append('\n');
                try {
                    w.write(b.toString());
                } catch (IOException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) throw failed[0];
        }
        return file;
    }

    private interface Visitor {
        void accept(DecodedRecord d, String truth);
    }

    private static void forEach(BenchStream s, long records, Visitor v) {
        RecordDecoder decoder = new RecordDecoder(1_000_000, s.spec().id());
        long i = 0;
        try (RecordStream in = s.open().get()) {
            while (i++ < records && in.hasNext()) {
                LabeledRecord r = in.next();
                try {
                    v.accept(decoder.decode(r.json(), 0L), r.truth());
                } catch (InvalidInputException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String set(TreeSet<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : values) b.append(b.length() > 1 ? "," : "").append(quote(v));
        return b.append('}').toString();
    }

    private static String quote(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
