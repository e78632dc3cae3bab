package io.triage.codec;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The formatter-free read of the common timestamp form is {@code Instant.parse} wherever it answers. */
class PlainInstantTest {
    @Test
    void agreesWithInstantParseOnValidAndDamagedTimestamps() {
        SplittableRandom rnd = new SplittableRandom(5);
        int plain = 0;
        for (int i = 0; i < 200_000; i++) {
            long seconds = rnd.nextLong(-100_000_000_000L, 253_402_300_799L);
            StringBuilder s = new StringBuilder(Instant.ofEpochSecond(seconds).toString());
            s.setLength(s.length() - 1);
            int digits = rnd.nextInt(11);
            if (digits > 0) s.append('.');
            for (int d = 0; d < digits; d++) s.append((char) ('0' + rnd.nextInt(10)));
            s.append('Z');
            if (rnd.nextInt(4) == 0) s.setCharAt(rnd.nextInt(s.length()), "0123456789:-.TZtz+ 6".charAt(rnd.nextInt(20)));
            String t = s.toString();
            long fast = Fields.plainInstant(t);
            if (fast == Fields.NOT_PLAIN) continue;
            plain++;
            long expected;
            try {
                expected = Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new AssertionError(t + " is no instant but was read as " + fast);
            }
            assertEquals(expected, fast, t);
        }
        assertEquals(true, plain > 100_000, "the common form is read without the formatter: " + plain);
    }
}
