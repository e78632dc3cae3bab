package io.triage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TransactionsGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sameSeedSameStream() {
        assertEquals(take(new TransactionsGenerator(7), 1000), take(new TransactionsGenerator(7), 1000));
        assertNotEquals(take(new TransactionsGenerator(7), 1000), take(new TransactionsGenerator(8), 1000));
    }

    @Test
    void recordsFollowTheContractAndFraudIsRare() throws Exception {
        TransactionsGenerator g = new TransactionsGenerator(1, -1, 50_000);
        int fraud = 0;
        int n = 0;
        while (g.hasNext()) {
            LabeledRecord r = g.next();
            JsonNode json = MAPPER.readTree(r.json());
            if (n == 0) {
                assertEquals("tx-0", json.get("id").asText());
                assertEquals("fraud", json.get("model").asText());
                JsonNode f = json.get("features");
                assertTrue(f.get("amount").isNumber() && f.get("hour").isNumber() && f.get("card_present").isNumber());
                assertTrue(f.get("country").isTextual() && f.get("merchant_category").isTextual()
                    && f.get("memo").isTextual());
            }
            fraud += r.truth().equals("fraud") ? 1 : 0;
            n++;
        }
        assertEquals(50_000, n);
        assertFalse(g.hasNext());
        double share = fraud / (double) n;
        assertTrue(share > 0.05 && share < 0.10, "fraud share " + share);
    }

    @Test
    void driftChangesTheConcept() throws Exception {
        int half = 40_000;
        TransactionsGenerator g = new TransactionsGenerator(3, half, 2L * half);
        double[][] share = new double[2][]; // [before|after][NG, GB]
        int[][] fraud = new int[2][2];
        int[][] count = new int[2][2];
        for (int i = 0; g.hasNext(); i++) {
            LabeledRecord r = g.next();
            String country = MAPPER.readTree(r.json()).get("features").get("country").asText();
            int slice = country.equals("NG") ? 0 : country.equals("GB") ? 1 : -1;
            if (slice >= 0) {
                int phase = i < half ? 0 : 1;
                count[phase][slice]++;
                fraud[phase][slice] += r.truth().equals("fraud") ? 1 : 0;
            }
        }
        for (int phase = 0; phase < 2; phase++) {
            share[phase] = new double[] {
                fraud[phase][0] / (double) count[phase][0], fraud[phase][1] / (double) count[phase][1]};
        }
        // Nigeria is risky before the drift and not after; Great Britain the other way round.
        assertTrue(share[0][0] > 3 * share[1][0], "NG before/after " + share[0][0] + " " + share[1][0]);
        assertTrue(share[1][1] > 3 * share[0][1], "GB before/after " + share[0][1] + " " + share[1][1]);
    }

    private static List<String> take(TransactionsGenerator g, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LabeledRecord r = g.next();
            out.add(r.json() + " " + r.truth());
        }
        return out;
    }
}
