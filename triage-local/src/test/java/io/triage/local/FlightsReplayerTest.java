package io.triage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FlightsReplayerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void bundledSampleYields200kParseableRecords() throws Exception {
        long n = 0;
        long delayed = 0;
        try (FlightsReplayer flights = FlightsReplayer.fromResource()) {
            assertEquals("flights", flights.name());
            while (flights.hasNext()) {
                LabeledRecord r = flights.next();
                JsonNode json = MAPPER.readTree(r.json());
                JsonNode f = json.get("features");
                assertTrue(f.get("hour").isNumber() && f.get("distance").isNumber());
                assertTrue(f.get("weekday").isTextual() && f.get("origin").isTextual()
                    && f.get("destination").isTextual());
                assertEquals("flights", json.get("model").asText());
                n++;
                if (n == 1) {
                    assertEquals("fl-1", json.get("id").asText());
                    assertEquals("2001-01-01T00:01:00Z", json.get("ts").asText());
                    assertEquals("Mon", f.get("weekday").asText());
                    assertEquals("delayed", r.truth()); // delay 33 in the first row
                }
                if (r.truth().equals("delayed")) {
                    delayed++;
                } else {
                    assertEquals("on_time", r.truth());
                }
            }
            assertEquals(0, flights.skipped());
        }
        assertEquals(200_000, n);
        double share = delayed / (double) n;
        assertTrue(share > 0.15 && share < 0.25, "delayed share " + share);
    }

    @Test
    void malformedRowsAreSkipped() {
        assertNull(FlightsReplayer.parse("2001-01-01T00:01,,2176,LAS,PHL", 1));
        assertNull(FlightsReplayer.parse("garbage", 2));
        assertEquals("on_time", FlightsReplayer.parse("2001-01-01T06:05,15,1075,ORD,LAX", 3).truth());
    }
}
