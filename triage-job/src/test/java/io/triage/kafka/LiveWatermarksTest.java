package io.triage.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class LiveWatermarksTest {
    private final AtomicLong now = new AtomicLong(100_000);
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    private long last() {
        return emitted.isEmpty() ? Long.MIN_VALUE : emitted.get(emitted.size() - 1);
    }

    @Test
    void followsTheMessagesAndThenTheClockOnceALivePartitionIsQuiet() {
        LiveWatermarks g = new LiveWatermarks(2_000, 5_000, now::get);
        g.onEvent("a", 99_500, out); // read half a second after it was appended: live
        g.onPeriodicEmit(out);
        assertEquals(99_499, last());
        now.addAndGet(1_000);
        g.onPeriodicEmit(out);
        assertEquals(99_499, last(), "not quiet yet");
        now.addAndGet(1_500); // 2.5 s without a message
        g.onPeriodicEmit(out);
        assertEquals(now.get() - 2_000, last());
    }

    @Test
    void aPartitionReadFarBehindItsAppendsWaitsForItsMessages() {
        LiveWatermarks g = new LiveWatermarks(2_000, 5_000, now::get);
        // after downtime: the messages read now were appended a minute ago; the reader is catching up
        g.onEvent("a", now.get() - 60_000, out);
        now.addAndGet(10_000); // a pause (backpressure, a slow restore): the partition is not idle, it is behind
        g.onPeriodicEmit(out);
        assertEquals(100_000 - 60_000 - 1, last());
        now.addAndGet(LiveWatermarks.STALL_MS); // a minute more of nothing: drained, not behind
        g.onPeriodicEmit(out);
        assertEquals(now.get() - 2_000, last());
    }

    @Test
    void anEmptyPartitionFollowsTheClockOnlyAfterAMinute() {
        LiveWatermarks g = new LiveWatermarks(2_000, 5_000, now::get);
        now.addAndGet(LiveWatermarks.STALL_MS - 1);
        g.onPeriodicEmit(out);
        assertEquals(Long.MIN_VALUE, last());
        now.addAndGet(1);
        g.onPeriodicEmit(out);
        assertEquals(now.get() - 2_000, last());
    }

    /**
     * The long chaos run's failure: the job restarted while it was cut off from the broker for 25 s. Its fresh
     * partitions read nothing; taken for idle after three idle periods they followed the clock, so the orphan
     * labels written during the stall were refused (unknown-record-id) 270 ms before their requests were read.
     */
    @Test
    void aPartitionRestartedDuringAStallWaitsForWhatItReads() {
        LiveWatermarks g = new LiveWatermarks(2_000, 5_000, now::get);
        now.addAndGet(25_000); // restarted, and nothing can be read
        g.onPeriodicEmit(out);
        assertEquals(Long.MIN_VALUE, last(), "a partition cut off since the restart does not follow the clock");
        g.onEvent("{\"id\":\"r1\"}", 90_000, out); // a request appended before the stall, read after it
        g.onPeriodicEmit(out);
        assertEquals(89_999, last());
    }

    /**
     * The long-stall case: a live partition with heartbeats, then the job is cut off from the broker for 25 s.
     * Guessed idle it would follow the clock and expire reviews whose on-time labels were written meanwhile;
     * with heartbeats it waits at the last one read, and moves on only with what it reads after the stall.
     */
    @Test
    void aPartitionWithHeartbeatsWaitsThroughAStallAndResumesWithWhatItReads() {
        LiveWatermarks g = new LiveWatermarks(2_000, 5_000, now::get);
        g.onEvent(io.triage.codec.Heartbeats.message(99_900), 99_900, out);
        g.onPeriodicEmit(out);
        assertEquals(99_899, last());
        now.addAndGet(25_000); // nothing can be read: a stall, not an idle partition
        g.onPeriodicEmit(out);
        assertEquals(99_899, last(), "does not follow the clock while heartbeats are due");
        g.onEvent("{\"id\":\"r1\"}", 110_000, out); // a label written during the stall, read after it
        g.onPeriodicEmit(out);
        assertEquals(109_999, last());
        g.onEvent(io.triage.codec.Heartbeats.message(124_900), 124_900, out);
        g.onPeriodicEmit(out);
        assertEquals(124_899, last());
        // the writer of heartbeats is gone for good: after five minutes the clock rules again
        now.addAndGet(LiveWatermarks.HEARTBEAT_LOST_MS);
        g.onPeriodicEmit(out);
        assertEquals(now.get() - 2_000, last());
    }
}
