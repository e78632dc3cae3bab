package io.triage.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Replays US domestic flights (gzipped CSV {@code date,delay,distance,origin,destination}) in file order,
 * which is departure order: a naturally drifting stream. Truth is "delayed" when delay > 15 minutes.
 */
public final class FlightsReplayer implements RecordStream {

    /** The 200k-row sample shipped in the jar. */
    public static final String RESOURCE = "/data/flights-200k.csv.gz";
    public static final String MODEL = "flights";
    private static final String[] WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private final BufferedReader reader;
    private long row;
    private final SkippedLines skipped = new SkippedLines();
    private LabeledRecord next;

    public FlightsReplayer(Path gzippedCsv) {
        this(open(gzippedCsv));
    }

    private FlightsReplayer(InputStream gzipped) {
        try {
            reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8));
            reader.readLine(); // header
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays the sample bundled as the classpath resource {@value #RESOURCE}. */
    public static FlightsReplayer fromResource() {
        InputStream in = FlightsReplayer.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Missing classpath resource " + RESOURCE);
        }
        return new FlightsReplayer(in);
    }

    private static InputStream open(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return MODEL;
    }

    /** Rows that could not be parsed and were left out. */
    public long skipped() {
        return skipped.total();
    }

    @Override
    public SkippedLines skippedLines() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        try {
            String line;
            while (next == null && (line = reader.readLine()) != null) {
                row++;
                next = parse(line, row);
                if (next == null) {
                    skipped.add("malformed-row", row + 1); // file line: the header is line 1
                }
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LabeledRecord r = next;
        next = null;
        return r;
    }

    /** One CSV row to a record, or null if it is malformed. */
    static LabeledRecord parse(String line, long row) {
        String[] c = line.split(",", -1);
        if (c.length != 5 || c[3].isBlank() || c[4].isBlank()) {
            return null;
        }
        try {
            // The date is local time of the origin; the stream treats it as UTC, only order matters.
            LocalDateTime date = LocalDateTime.parse(c[0].trim());
            double delay = Double.parseDouble(c[1].trim());
            double distance = Double.parseDouble(c[2].trim());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("hour", (double) date.getHour());
            f.put("weekday", WEEKDAYS[date.getDayOfWeek().getValue() - 1]);
            f.put("distance", distance);
            f.put("origin", c[3].trim());
            f.put("destination", c[4].trim());
            String json = RecordJson.write("fl-" + row, MODEL, date.toInstant(ZoneOffset.UTC), f);
            return new LabeledRecord(json, delay > 15 ? "delayed" : "on_time");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
