package io.triage.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewQueueTest {

    @Test
    void immediateDeliveryIsAPlainDelay() {
        ReviewQueue<Long> q = new ReviewQueue<>(ReviewQueue.Settings.immediate(3));
        List<String> seen = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            q.request(i, i);
            for (long x : q.advance(i)) seen.add(x + "@" + i);
        }
        assertEquals(List.of("0@3", "1@4", "2@5", "3@6", "4@7", "5@8", "6@9"), seen);
    }

    @Test
    void answersArriveInBurstsOnlyOnceOldEnough() {
        ReviewQueue<Long> q = new ReviewQueue<>(new ReviewQueue.Settings(5, 4, 0, 0));
        List<List<Long>> bursts = new ArrayList<>();
        for (long i = 0; i < 16; i++) {
            q.request(i, i);
            List<Long> out = q.advance(i);
            if (!out.isEmpty()) bursts.add(out);
            else assertTrue((i + 1) % 4 != 0 || i < 5, "nothing ready at " + i);
        }
        // bursts after records 7, 11, 15: everything requested at least 5 records before
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L, 6L), List.of(7L, 8L, 9L, 10L)), bursts);
    }

    @Test
    void capacityBuildsABacklogAndOldRequestsExpire() {
        ReviewQueue<Long> q = new ReviewQueue<>(new ReviewQueue.Settings(0, 1, 0.5, 6));
        List<Long> answered = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            q.request(i, i);
            answered.addAll(q.advance(i));
        }
        // half a request per record: the backlog grows by one every two records, and waits beyond 6 records expire
        assertTrue(answered.size() <= 11, "capacity respected: " + answered);
        assertTrue(q.expired() > 0, "old requests expired");
        assertEquals(20, answered.size() + q.expired() + q.backlog());
        for (int k = 1; k < answered.size(); k++) assertTrue(answered.get(k) > answered.get(k - 1), "first come, first served");
    }
}
