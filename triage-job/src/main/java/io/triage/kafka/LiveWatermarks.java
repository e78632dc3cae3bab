package io.triage.kafka;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Event time of a Kafka partition from its messages' broker timestamps: the watermark says "every message
 * appended before this time has been read". The LabelJoiner expires a review when the watermark of labels (and
 * of requests) passes its deadline, so after downtime or under backpressure a label given on time is read before
 * its request expires — a wall-clock timer would fire first and reject it as late.
 * <p>
 * A partition that has gone quiet while it was being read live (its last message was at most {@code liveLag}
 * old when read) advances to {@code now − idle}: nothing is waiting in it, and pending reviews still expire
 * when nobody answers. A partition that goes quiet while it was catching up (messages read long after they were
 * appended: a restore, backpressure) does not, for a minute: its reader is behind, not idle. Neither does one that
 * has shown nothing since the (re)start: it may be cut off, and the job's heartbeats show within a second otherwise.
 * <p>
 * A partition that carries the job's {@link Heartbeats} is never guessed idle: its event time is that of the
 * last message read, heartbeats included, which is exact — quiet, it still advances every second; cut off
 * from the broker, it waits, and the labels written meanwhile are read before anything expires. Only if no
 * heartbeat has been read for {@link #HEARTBEAT_LOST_MS} (the writer is gone) do the rules above apply again.
 */
public final class LiveWatermarks implements WatermarkGenerator<String> {
    static final long STALL_MS = 60_000;
    static final long HEARTBEAT_LOST_MS = 300_000;
    private long heartbeatAt = Long.MIN_VALUE;
    private final long idleMs;
    private final long liveLagMs;
    private final LongSupplier clock;
    private long maxTs = Long.MIN_VALUE;
    private long lastEventAt;
    private long lastLag;
    private long emitted = Long.MIN_VALUE;

    public LiveWatermarks(long idleMs, long liveLagMs, LongSupplier clock) {
        this.idleMs = idleMs;
        this.liveLagMs = liveLagMs;
        this.clock = clock;
        this.lastEventAt = clock.getAsLong();
    }

    /**
     * @param idle    quiet time after which a live partition follows the clock
     * @param liveLag the largest delay between append and read of a partition read live (for a transactional
     *                producer: its commit interval, since read_committed readers see messages at commit)
     */
    public static WatermarkStrategy<String> strategy(Duration idle, Duration liveLag) {
        long ms = idle.toMillis(), lag = liveLag.toMillis();
        return WatermarkStrategy.<String>forGenerator(ctx -> new LiveWatermarks(ms, lag, System::currentTimeMillis))
                .withTimestampAssigner((s, kafkaTimestamp) -> kafkaTimestamp);
    }

    @Override
    public void onEvent(String event, long ts, WatermarkOutput out) {
        long now = clock.getAsLong();
        maxTs = Math.max(maxTs, ts);
        lastEventAt = now;
        if (io.triage.codec.Heartbeats.is(event)) heartbeatAt = now;
        lastLag = now - ts;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        long now = clock.getAsLong();
        long wm = maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTs - 1;
        long quietFor = now - lastEventAt;
        // a partition that has shown nothing since the (re)start is treated as one catching up, not as a live one:
        // a restart while the job is cut off from the broker reads nothing for as long as the cut lasts, and
        // following the clock then would end orphan labels' waits and expire reviews before the messages
        // written meanwhile are read (a long chaos stall did exactly that); with heartbeats it shows one in a second
        boolean wasLive = maxTs != Long.MIN_VALUE && lastLag <= liveLagMs;
        // a reader that was behind and then shows nothing for a minute has drained its partition (or the job is
        // stalled anyway): expiries must not wait for labels that may never come
        boolean heartbeats = heartbeatAt != Long.MIN_VALUE && now - heartbeatAt < HEARTBEAT_LOST_MS;
        if (!heartbeats && quietFor >= idleMs && (wasLive || quietFor >= STALL_MS)) wm = Math.max(wm, now - idleMs);
        if (wm > emitted) {
            emitted = wm;
            out.emitWatermark(new Watermark(wm));
        }
    }
}
