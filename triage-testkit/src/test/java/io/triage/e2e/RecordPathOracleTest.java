package io.triage.e2e;

import io.triage.codec.RecordDecoder;
import io.triage.codec.ReviewFeatures;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.event.InvalidInputException;
import io.triage.event.Record;
import io.triage.local.CsvDatasetReplayer;
import io.triage.local.FlightsReplayer;
import io.triage.local.TransactionsGenerator;
import io.triage.path.RecordParser;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The streaming record path ({@link RecordParser}) against the tree path it replaced ({@link LegacyRecordPath}):
 * the same record — id, model, time, the canonical features a review request shows, and a bit-identical sparse
 * vector — or the same refusal (reason, detail, and the id and model it names), on the bundled datasets and on
 * hostile messages.
 */
class RecordPathOracleTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void bundledFlightsDecodeAsBefore() {
        JobSpec spec = SpecLoader.loadNamed("flights");
        List<String> raw = new ArrayList<>();
        try (FlightsReplayer r = FlightsReplayer.fromResource()) {
            while (r.hasNext() && raw.size() < 200_000) raw.add(r.next().json());
        }
        assertEquals(200_000, raw.size());
        compare(spec, raw, true);
    }

    @Test
    void fraudAndDigitsDecodeAsBefore() {
        List<String> fraud = new ArrayList<>();
        TransactionsGenerator g = new TransactionsGenerator(11, 20_000, 40_000);
        for (int i = 0; i < 40_000; i++) fraud.add(g.next().json());
        compare(SpecLoader.loadNamed("fraud"), fraud, true);
        List<String> digits = new ArrayList<>();
        CsvDatasetReplayer d = CsvDatasetReplayer.bundledDigits(1, null);
        while (d.hasNext()) digits.add(d.next().json());
        compare(SpecLoader.loadNamed("digits"), digits, true);
    }

    @Test
    void hostileRecordsAreRefusedAsBefore() {
        List<String> raw = new ArrayList<>();
        for (BadInputIT.Bad b : BadInputIT.hostileRecords()) raw.add(b.raw());
        String f = "\"model\":\"fraud\",\"features\":";
        String[] more = {
                // repeated fields: the tree keeps the last value at the first place
                "{\"id\":\"a\",\"id\":\"b\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1}," + f + "{\"amount\":2,\"country\":\"DE\"}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1,\"country\":\"DE\",\"amount\":3}}",
                "{\"id\":\"a\"," + f + "{\"x\":1,\"y\":2,\"x\":\"s\"}}",
                "{\"id\":\"a\",\"ts\":1,\"ts\":\"2024-01-01T00:00:00Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"model\":\"fraud\",\"model\":\"churn\",\"features\":{\"tenure\":1}}",
                // numbers of every width, signs and zeros
                "{\"id\":\"a\"," + f + "{\"amount\":12345678901234567890123,\"hour\":-0.0,\"card_present\":1E2,\"u\":-0.0}}",
                "{\"id\":\"a\"," + f + "{\"amount\":9223372036854775807,\"hour\":-2147483649,\"u\":4.9e-324,\"v\":1.7976931348623157e308}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1" + "0".repeat(120) + "}}",
                "{\"id\":\"a\"," + f + "{\"country\":12,\"merchant_category\":1.5,\"memo\":3e20,\"u\":true,\"v\":false}}",
                "{\"id\":\"a\"," + f + "{\"amount\":true,\"hour\":null,\"country\":null}}",
                // strings: unicode, escapes, lone surrogates, empty, text tokens
                "{\"id\":\"a\"," + f + "{\"country\":\"Ürümqi 北京\",\"memo\":\"GIFT card, gift—CARD! ÄÖ 42\",\"w\":\"\"}}",
                "{\"id\":\"a\"," + f + "{\"country\":\"\\ud800x\",\"memo\":\"\\udc00 a\\u0000b\",\"\\ud83d\":\"\\ude00\"}}",
                "{\"id\":\"a\"," + f + "{\"memo\":\"" + "tok ".repeat(600) + "\"}}",
                "{\"id\":\"a\"," + f + "{\"memo\":\" ,;. \",\"country\":\"\"}}",
                "{\"id\":\"a\"," + f + "{\"amount\":\"12\"}}",
                "{\"id\":\"a\"," + f + "{\"amount\":12,\"hour\":\"" + "h".repeat(60) + "\"}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1e400,\"hour\":\"x\"}}",
                "{\"id\":\"a\"," + f + "{\"hour\":\"x\",\"amount\":1e400}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1,\"x\":[1]}}",
                // ids, models and times
                "{\"id\":null," + f + "{\"amount\":1}}",
                "{\"id\":\"\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"model\":null,\"features\":{\"amount\":1}}",
                "{\"id\":\"a\",\"model\":\" \",\"features\":{\"amount\":1}}",
                "{\"id\":\"a\",\"model\":7,\"features\":{\"amount\":1}}",
                "{\"features\":{\"amount\":1},\"model\":\"fraud\",\"id\":\"late-id\"}",
                "{\"id\":\"a\",\"ts\":1.5," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":-5," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":99999999999999999999," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":null," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":true," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-02-29T23:59:59.123456789Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2023-02-29T00:00:00Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T00:00:00.Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T00:00:60Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T24:00:00Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01t00:00:00z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T00:00:00+02:00\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"1969-12-31T23:59:59.999Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"+12024-01-01T00:00:00Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-1-01T00:00:00Z\"," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T00:00:00.1234567890Z\"," + f + "{\"amount\":1}}",
                // other fields, whitespace, nesting around the record
                " {\n \"id\" : \"a\" , \"extra\" : {\"deep\":[1,{\"x\":null}]}, " + f + " { \"amount\" : 1 , \"country\" : \"DE\" } } \n",
                "{\"id\":\"a\",\"extra\":" + "[".repeat(40) + "]".repeat(40) + "," + f + "{\"amount\":1}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1}} ",
                "{\"id\":\"a\"," + f + "{\"amount\":1}}]",
                "{\"id\":\"a\"," + f + "{\"amount\":01}}",
                "{\"id\":\"a\"," + f + "{\"amount\":1,}}",
                "{'id':'a'," + f + "{\"amount\":1}}",
                "{\"id\":\"a\",\"model\":\"churn\",\"features\":{\"tenure\":12}}",
        };
        raw.addAll(List.of(more));
        JobSpec spec = BadInputIT.spec(); // the hostile fixtures' own spec: fraud and churn
        compare(spec, raw, false);
        // with a default model (the job serving one), and with none
        JobSpec one = SpecLoader.parse("""
                name: one
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric, country: categorical, memo: text}
                """);
        compare(one, raw, false);
    }

    /**
     * Records cut, spliced and sprinkled with the characters JSON turns on: each one read as before or refused for
     * the same reason, whichever of the record path's readers (flat scan, streaming, tree) takes it.
     */
    @Test
    void mutatedRecordsAreReadOrRefusedAsBefore() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        String alphabet = "{}[]\":,.-+eE0123456789 \t\n\\tfnu\u00e9\ud83d";
        TransactionsGenerator g = new TransactionsGenerator(5, 30_000, 60_000);
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            StringBuilder b = new StringBuilder(g.next().json());
            for (int k = rnd.nextInt(1, 4); k > 0; k--) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 2 -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> {
                        int from = rnd.nextInt(b.length()), len = rnd.nextInt(1, 12);
                        b.insert(at, b.substring(from, Math.min(b.length(), from + len)));
                    }
                }
            }
            raw.add(b.toString());
        }
        compare(SpecLoader.loadNamed("fraud"), raw, false);
    }

    private static void compare(JobSpec spec, List<String> raw, boolean allValid) {
        RecordParser parser = new RecordParser(spec);
        java.util.Map<String, FeatureExtractor> extractors = new java.util.HashMap<>();
        spec.models().forEach(m -> extractors.put(m.id(), new FeatureExtractor(new FeatureSpace(m))));
        LegacyRecordPath legacy = new LegacyRecordPath(spec.maxRecordBytes(), spec.defaultModel().orElse(null), spec.models());
        int refused = 0;
        for (String m : raw) {
            LegacyRecordPath.Result old = legacy.parse(m, NOW);
            String what = "message " + (m == null ? null : m.substring(0, Math.min(m.length(), 200)));
            try {
                Record r = parser.parse(m, NOW);
                assertEquals(null, old.reason(), what + ": the old path refused it: " + old.detail());
                assertEquals(old.id(), r.id(), what);
                assertEquals(old.model(), r.model(), what);
                assertEquals(old.ts(), r.ts(), what);
                assertEquals(old.featuresJson(), ReviewFeatures.bounded(r.features()), what);
                // a review request that leaves its vector out gets it back from its features (ReviewVector)
                if (!old.featuresJson().contains(ReviewFeatures.NOTE)) {
                    SparseVector again = extractors.get(r.model()).extract(RecordDecoder.features(old.featuresJson()));
                    assertArrayEquals(old.indices(), again.indices(), what);
                    assertArrayEquals(old.values(), again.values(), what); // by bits: -0.0 is not 0.0 here
                }
                assertArrayEquals(old.indices(), r.indices(), what);
                assertEquals(old.values().length, r.values().length, what);
                for (int i = 0; i < r.values().length; i++) {
                    assertEquals(Double.doubleToRawLongBits(old.values()[i]), Double.doubleToRawLongBits(r.values()[i]),
                            what + " value " + i);
                }
            } catch (InvalidInputException e) {
                refused++;
                assertEquals(old.reason(), e.reason(), what + ": " + e.getMessage());
                assertEquals(old.detail(), e.getMessage(), what);
                assertEquals(old.aboutId(), e.recordId(), what);
                assertEquals(old.aboutModel(), e.model(), what);
            }
        }
        if (allValid) assertEquals(0, refused, "records of a bundled dataset refused");
    }
}
