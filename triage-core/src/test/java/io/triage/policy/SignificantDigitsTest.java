package io.triage.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignificantDigitsTest {
    private static double exact(double v, int digits) {
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }

    private static void same(SignificantDigits d, int digits, double v) {
        assertEquals(Double.doubleToLongBits(exact(v, digits)), Double.doubleToLongBits(d.round(v)), () -> "v=" + v);
    }

    @Test
    void roundsAsBigDecimalDoesBitForBit() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int digits = 1; digits <= 5; digits++) {
            SignificantDigits d = new SignificantDigits(digits);
            for (int i = 0; i < 50_000; i++) {
                // every decade a double holds, both signs, and short decimals (ties: 0.12345, 2.5e-3, …)
                double v = switch (i % 4) {
                    case 0 -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));
                    case 1 -> Double.longBitsToDouble(rnd.nextLong());
                    case 2 -> rnd.nextLong(-999_999, 1_000_000) / Math.pow(10, rnd.nextInt(0, 12));
                    default -> (rnd.nextLong(0, 2_000_000) * 5 + 5) * Math.pow(10, -rnd.nextInt(1, 9)) * (rnd.nextBoolean() ? 1 : -1);
                };
                if (Double.isFinite(v)) same(d, digits, v);
            }
            for (int e = -25; e <= 25; e++) {
                double p = Math.pow(10, e);
                for (double v : new double[] {p, Math.nextUp(p), Math.nextDown(p), 9.9995 * p, 9.99949999 * p, 1.00005 * p}) {
                    same(d, digits, v);
                    same(d, digits, -v);
                }
            }
            for (double v : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.12345, 0.1234500000000001,
                    1.2345e-5, 9999.5, 2.5e-3, 1.0 / 3, -1.0 / Math.sqrt(2)}) {
                same(d, digits, v);
            }
        }
    }

    @Test
    void notANumberIsRefusedAsBigDecimalRefusesIt() {
        assertThrows(NumberFormatException.class, () -> new SignificantDigits(4).round(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SignificantDigits(6));
    }
}
