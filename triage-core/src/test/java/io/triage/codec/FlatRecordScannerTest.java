package io.triage.codec;

import io.triage.feature.FeatureValues;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flat scan reads what it takes exactly as the tree decoder does (numbers by their bits), and declines the rest.
 * The whole record path, declined messages included, is compared with the tree path in RecordPathOracleTest.
 */
class FlatRecordScannerTest {
    private static final long NOW = 1_700_000_000_000L;
    private final FlatRecordScanner scanner = new FlatRecordScanner();
    private final RecordDecoder tree = new RecordDecoder(1_000_000, "m");

    private static String record(String number) {
        return "{\"id\":\"a\",\"features\":{\"x\":" + number + "}}";
    }

    /** The tree decoder's double for a number, and the scan's, by bits; false when the scan declined. */
    private boolean sameNumber(String number) throws Exception {
        FeatureValues into = new FeatureValues();
        RecordHeader h = scanner.read(record(number), NOW, "m", into);
        if (h == null) return false;
        Map<String, Object> expected = tree.decode(record(number), NOW).features();
        assertEquals(Double.doubleToRawLongBits((Double) expected.get("x")), Double.doubleToRawLongBits(into.number(0)), number);
        return true;
    }

    @Test
    void numbersOfEveryShapeReadAsTheTreeReadsThem() throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        int taken = 0, n = 200_000;
        for (int i = 0; i < n; i++) {
            String t = switch (i % 8) {
                case 0 -> Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30)));
                case 1 -> String.format(Locale.ROOT, "%." + rnd.nextInt(0, 12) + "f", rnd.nextGaussian() * 1000);
                case 2 -> Long.toString(rnd.nextLong() >> rnd.nextInt(0, 63));
                case 3 -> new BigDecimal(rnd.nextLong(1, Long.MAX_VALUE)).movePointLeft(rnd.nextInt(0, 25)).toPlainString();
                case 4 -> rnd.nextInt(1, 99_999_999) + "e" + rnd.nextInt(-40, 40);
                case 5 -> "-0." + "0".repeat(rnd.nextInt(0, 20)) + rnd.nextInt(0, 1_000_000);
                case 6 -> Double.toString(Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL));
                default -> rnd.nextInt(0, 10) + "." + Long.toString(rnd.nextLong(0, Long.MAX_VALUE)) + "E" + (rnd.nextBoolean() ? "+" : "-") + rnd.nextInt(0, 5);
            };
            if (sameNumber(t)) taken++;
        }
        assertTrue(taken > n * 0.95, "the scan declined " + (n - taken) + " plain numbers");
        for (String t : new String[]{"0", "-0", "-0.0", "0.0", "1E2", "1e-0", "123456789012345678", "9007199254740993.0",
                "0.1", "0.30000000000000004", "1e22", "1e23", "4.9e-324", "1.7976931348623157e308", "2.2250738585072014E-308"}) {
            assertTrue(sameNumber(t), t);
        }
    }

    @Test
    void declinesWhatItDoesNotTakeAsItIs() {
        String[] declined = {
                "{\"id\":\"a\",\"features\":{\"x\":01}}", "{\"id\":\"a\",\"features\":{\"x\":1.}}", "{\"id\":\"a\",\"features\":{\"x\":.5}}",
                "{\"id\":\"a\",\"features\":{\"x\":-}}", "{\"id\":\"a\",\"features\":{\"x\":1x}}", "{\"id\":\"a\",\"features\":{\"x\":NaN}}",
                "{\"id\":\"a\",\"features\":{\"x\":1" + "0".repeat(45) + "}}", "{\"id\":\"a\",\"features\":{\"x\":12345678901234567890}}",
                "{\"id\":\"a\",\"features\":{\"x\":\"a\\\"b\"}}", "{\"id\":\"a\",\"features\":{\"x\":\"a\tb\"}}",
                "{\"id\":\"a\",\"features\":{\"x\":\"\uD83D\uDE00\"}}", "{\"id\":\"a\",\"features\":{\"x\":[1]}}",
                "{\"id\":\"a\",\"features\":{\"x\":1,\"x\":2}}", "{\"id\":\"a\",\"features\":{}}", "{\"id\":\"a\",\"features\":{\"x\":1,}}",
                "{\"id\":\"a\",\"id\":\"b\",\"features\":{\"x\":1}}", "{\"id\":\" \",\"features\":{\"x\":1}}",
                "{\"id\":\"a\",\"extra\":{},\"features\":{\"x\":1}}", "{\"id\":\"a\",\"features\":{\"x\":1}} x",
                "{\"id\":\"a\",\"features\":{\"x\":1}", "{\"id\":\"a\",\"ts\":1.5,\"features\":{\"x\":1}}",
                "{\"id\":\"a\",\"ts\":\"2024-01-01T00:00:00+01:00\",\"features\":{\"x\":1}}", "{\"id\":\"a\",\"features\":{\"x\":tru}}",
                "{\"id\":\"a\",\"features\":{\"x\":truex}}", "{\"features\":{\"x\":1}}", "{'id':'a'}", "", "{", "{\"id\":\"a\",\"\"model\":\"m\",\"features\":{\"x\":1}}",
        };
        for (String m : declined) assertNull(scanner.read(m, NOW, "m", new FeatureValues()), m);
    }

    @Test
    void takesAPlainRecordInAnyLayoutAndReusesItsNames() {
        String m = " {\n \"ts\" : 1764000000123 , \"other\":[], \"id\":\"r1\", \"model\": null,"
                + " \"features\" : { \"a\" : 1.5 , \"b\":\"DE\", \"c\":true, \"d\":null, \"e\":-7 } } \n";
        assertNull(scanner.read(m, NOW, "m", new FeatureValues()), "a nested value of another field is declined");
        String plain = m.replace("\"other\":[],", "\"other\":\"x\",");
        FeatureValues v = new FeatureValues();
        RecordHeader h = scanner.read(plain, NOW, "m", v);
        assertNotNull(h);
        assertEquals(new RecordHeader("r1", "m", 1764000000123L, "{ \"a\" : 1.5 , \"b\":\"DE\", \"c\":true, \"d\":null, \"e\":-7 }"), h);
        assertEquals(5, v.size());
        assertEquals(1.5, v.number(0));
        assertEquals("DE", v.string(1));
        assertEquals(1.0, v.number(2));
        assertEquals(FeatureValues.NULL, v.kind(3));
        assertEquals(-7.0, v.number(4));
        FeatureValues again = new FeatureValues();
        scanner.read(plain.replace("r1", "r2").replace("1.5", "2.5"), NOW, "m", again);
        assertTrue(again.name(0) == v.name(0) && again.string(1) == v.string(1), "names and repeated values are reused");
        assertEquals(2.5, again.number(0));
        assertEquals(NOW, scanner.read("{\"id\":\"x\",\"features\":{\"a\":1}}", NOW, "m", new FeatureValues()).ts());
    }
}
