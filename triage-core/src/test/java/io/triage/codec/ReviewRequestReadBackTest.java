package io.triage.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Contribution;
import io.triage.event.InvalidInputException;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.security.ReviewRequestSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read-back's streaming way against its tree way ({@link ReviewRequestDecoder#tree}): on the job's own requests
 * and on the same requests cut, spliced, reordered, retyped and duplicated, the same request or the same refusal.
 */
class ReviewRequestReadBackTest {
    private final ReviewRequestSigner signer =
            new ReviewRequestSigner("the-review-request-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));
    private final ReviewRequestDecoder decoder = ReadBack.decoder(signer);
    private static final String[] WORDS = {"gift", "card", "fuel", "café", "TV", "x\"y", "a\\b", "日本", "tab\there"};

    private ReviewRequest request(SplittableRandom rnd, int i) throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", rnd.nextInt(3) == 0 ? (Object) (long) rnd.nextInt(10_000) : rnd.nextDouble() * 1000);
        if (rnd.nextBoolean()) f.put("memo", WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)]);
        String features = Json.MAPPER.readTree(Json.write(f)).toString();
        Route route = List.of(Route.REVIEW, Route.AUDIT, Route.COLD_START).get(rnd.nextInt(3));
        double p = rnd.nextDouble();
        Contribution[] contributions = route == Route.REVIEW
                ? new Contribution[]{new Contribution("amount=" + i, rnd.nextGaussian()), new Contribution("memo~gift", -0.5)} : null;
        ReviewRequest r = new ReviewRequest("tx-" + i, "fraud", 1_700_000_000_000L + i, features, null, null,
                route == Route.COLD_START ? null : "ok", route == Route.COLD_START ? null : new String[]{"fraud", "ok"},
                route == Route.COLD_START ? null : new double[]{1 - p, p}, route == Route.COLD_START ? 0 : Math.max(p, 1 - p),
                route, rnd.nextDouble(), 1_700_000_060_000L + i, i, i / 2, route == Route.AUDIT ? 20.0 : 1.0,
                1_700_000_000_500L + i, null, null, contributions);
        return signer.signCanonical(ReadBack.scored(r));
    }

    @Test
    void theStreamingWayReadsWhatTheTreeWayReads() throws Exception {
        SplittableRandom rnd = new SplittableRandom(17);
        List<String> raw = new ArrayList<>();
        int fast = 0;
        for (int i = 0; i < 3_000; i++) {
            String json = Json.write(request(rnd, i));
            if (decoder.fast(json) != null) fast++;
            raw.add(json);
            raw.add(mutated(json, rnd));
            raw.add(restructured(json, rnd));
        }
        assertEquals(3_000, fast, "the job's own requests go the streaming way");
        int taken = 0;
        for (String m : raw) if (same(m)) taken++;
        assertTrue(taken > 3_000, "taken: " + taken);
    }

    @Test
    void requestsItDoesNotTakeAsTheyAreGoTheTreeWay() throws Exception {
        ReviewRequest r = request(new SplittableRandom(3), 1);
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(Json.write(r));
        // whitespace inside the features: the tree canonicalises it, the signature holds, the streaming way declines
        String spaced = Json.write(r).replace("{\"amount\":", "{ \"amount\" : ");
        assertEquals(null, decoder.fast(spaced));
        assertEquals(r.features(), decoder.decode(spaced).features());
        // a number as a string: the tree coerces it (and the signature still holds), the streaming way declines
        o.put("modelVersion", Long.toString(r.modelVersion()));
        assertEquals(null, decoder.fast(o.toString()));
        assertNotNull(decoder.decode(o.toString()));
    }

    /** Both ways give the same request, or the same refusal; true when it was taken. */
    private boolean same(String raw) {
        ReviewRequest a = null, b = null;
        InvalidInputException ea = null, eb = null;
        try {
            a = decoder.decode(raw);
        } catch (InvalidInputException e) {
            ea = e;
        }
        try {
            b = decoder.tree(raw);
        } catch (InvalidInputException e) {
            eb = e;
        }
        String what = raw.substring(0, Math.min(300, raw.length()));
        if (eb != null || ea != null) {
            assertEquals(eb == null ? null : eb.reason() + ": " + eb.getMessage(),
                    ea == null ? null : ea.reason() + ": " + ea.getMessage(), what);
            return false;
        }
        assertEquals(Json.write(b), Json.write(a), what);
        assertArrayEquals(b.indices(), a.indices(), what);
        assertArrayEquals(b.values(), a.values(), what);
        assertEquals(b.signature(), a.signature(), what);
        return true;
    }

    private static final String ALPHABET = "{}[]\":,.-+eE0123456789 \t\\tfnul";

    private static String mutated(String json, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder(json);
        for (int k = rnd.nextInt(1, 3); k > 0; k--) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 2 -> b.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                default -> {
                    int from = rnd.nextInt(b.length()), len = rnd.nextInt(1, 16);
                    b.insert(at, b.substring(from, Math.min(b.length(), from + len)));
                }
            }
        }
        return b.toString();
    }

    /** Fields reordered, one retyped, nulled, dropped, duplicated or joined by an unknown one. */
    private static String restructured(String json, SplittableRandom rnd) throws Exception {
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(json);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
        String victim = names.get(rnd.nextInt(names.size()));
        JsonNode v = o.get(victim);
        switch (rnd.nextInt(7)) {
            case 0 -> o.putNull(victim);
            case 1 -> o.put(victim, v.asText());
            case 2 -> o.remove(victim);
            case 3 -> o.put("extra", "x");
            case 4 -> o.put(victim, v.isNumber() ? v.asDouble() + 0.5 : 7);
            case 5 -> {
                String text = o.toString();
                String dup = ",\"" + victim + "\":" + v;
                return text.substring(0, text.length() - 1) + dup + "}";
            }
            default -> { }
        }
        Collections.shuffle(names, new java.util.Random(rnd.nextLong()));
        ObjectNode shuffled = Json.MAPPER.createObjectNode();
        for (String n : names) if (o.has(n)) shuffled.set(n, o.get(n));
        if (o.has("extra")) shuffled.set("extra", o.get("extra"));
        return shuffled.toString();
    }
}
