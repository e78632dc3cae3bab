package io.triage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReplayerTest {

    private static final Path IRIS = Path.of("/work/shared/datasets/iris.csv");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsIrisWithClassNames() throws Exception {
        assumeTrue(Files.isReadable(IRIS), "iris.csv not available");
        CsvDatasetReplayer iris = new CsvDatasetReplayer(IRIS);
        assertEquals("iris", iris.name());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        Map<String, Integer> perClass = new HashMap<>();
        int n = 0;
        while (iris.hasNext()) {
            LabeledRecord r = iris.next();
            JsonNode json = MAPPER.readTree(r.json());
            JsonNode f = json.get("features");
            assertEquals(4, f.size());
            assertTrue(f.get("f0").isNumber() && f.get("f3").isNumber());
            perClass.merge(r.truth(), 1, Integer::sum);
            n++;
        }
        assertEquals(150, n);
        assertEquals(Map.of("setosa", 50, "versicolor", 50, "virginica", 50), perClass);
    }

    @Test
    void bundledDigitsNeedNoFileOutsideTheJar() throws Exception {
        CsvDatasetReplayer digits = CsvDatasetReplayer.bundledDigits(1, 3L);
        assertEquals("digits", digits.name());
        assertEquals(1797, digits.size());
        Map<String, Integer> perClass = new HashMap<>();
        while (digits.hasNext()) perClass.merge(digits.next().truth(), 1, Integer::sum);
        assertEquals(10, perClass.size());
        assertTrue(perClass.values().stream().allMatch(c -> c >= 170 && c <= 190), perClass.toString());
    }

    @Test
    void headerlessGzipFileWithPassesAndShuffle(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.csv.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("1,2,0\n3,4,1\n5,6,2\n7,8,1\n".getBytes());
        }
        List<String> a = all(new CsvDatasetReplayer(file, "tiny", 3, 11L));
        assertEquals(12, a.size());
        assertEquals(a, all(new CsvDatasetReplayer(file, "tiny", 3, 11L)));
        List<String> plain = all(new CsvDatasetReplayer(file));
        assertEquals(List.of("0", "1", "2", "1"), plain.stream().map(s -> s.substring(s.lastIndexOf(' ') + 1)).toList());
        assertTrue(plain.get(0).contains("\"id\":\"tiny-1\"") && plain.get(0).contains("\"f1\":2.0"));
        // Each pass is a permutation of the rows.
        List<String> shuffled = all(new CsvDatasetReplayer(file, "tiny", 1, 11L));
        assertEquals(sorted(features(plain)), sorted(features(shuffled)));
        assertNotEquals(features(a.subList(0, 4)), features(a.subList(4, 8)), "passes are reshuffled");
    }

    private static List<String> features(List<String> records) {
        return records.stream().map(s -> s.substring(s.indexOf("\"features\""))).toList();
    }

    private static List<String> sorted(List<String> xs) {
        return xs.stream().sorted().toList();
    }

    private static List<String> all(CsvDatasetReplayer r) {
        List<String> out = new ArrayList<>();
        r.forEachRemaining(x -> out.add(x.json() + " " + x.truth()));
        return out;
    }
}
