package io.triage.feature;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tokenizer is the split at {@link FeatureExtractor#TOKEN_SEPARATORS} it replaced, on every kind of character. */
class TokensTest {
    private static List<String> bySplit(String s) {
        return Arrays.stream(s.split(FeatureExtractor.TOKEN_SEPARATORS)).filter(t -> !t.isEmpty())
                .limit(FeatureExtractor.MAX_TOKENS).toList();
    }

    @Test
    void splitsAsTheRegularExpressionDoes() {
        String[] pieces = {"a", "Z", "7", " ", ",", "-", "_", "é", "ß", "İ", "ǅ", "ʰ", "中", "٣", "²", "Ⅻ", "½", "\u0301",
                "\u200d", "\ud835\udc9c", "\ud83d\ude00", "\ud801\udc00", "\ud800", "\udc00", "\u0000", "\t", "’", "·"};
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(12); k > 0; k--) b.append(pieces[rnd.nextInt(pieces.length)]);
            String s = b.toString();
            assertEquals(bySplit(s), FeatureExtractor.tokens(s), s);
        }
        for (int cp = 0; cp < 0x30000; cp++) {
            String s = "x" + new String(Character.toChars(cp)) + "y";
            assertEquals(bySplit(s), FeatureExtractor.tokens(s), Integer.toHexString(cp));
        }
        String many = "w ".repeat(700);
        assertEquals(bySplit(many), FeatureExtractor.tokens(many));
    }
}
