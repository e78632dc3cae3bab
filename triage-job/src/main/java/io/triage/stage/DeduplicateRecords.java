package io.triage.stage;

import io.triage.event.Record;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keyed by (model, record id) ({@link JoinKey}): lets the first arrival of a record through and refuses any
 * resend within the retention with {@code INPUT_REJECTED duplicate-record}, so an at-least-once producer that
 * sends a record twice never gets two decisions for it (say AUTO, then HUMAN). After the retention the id is
 * forgotten (state TTL), which bounds the state by the records of one retention period.
 */
public class DeduplicateRecords extends KeyedProcessFunction<String, Record, Record> {
    static final String REASON = "duplicate-record";
    private final long retentionMs;
    private transient ValueState<Long> firstSeen;
    private transient Rejections rejections;

    public DeduplicateRecords(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("first-seen", Types.LONG);
        if (retentionMs > 0) {
            // state TTL, not a timer per record: RocksDB drops expired ids while it compacts, so a record costs one
            // state write and no timer
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(retentionMs))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        firstSeen = getRuntimeContext().getState(d);
        rejections = new Rejections("records", getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Record r, Context ctx, Collector<Record> out) throws Exception {
        if (retentionMs <= 0) {
            out.collect(r);
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        Long seen = firstSeen.value();
        if (seen != null) {
            rejections.count(REASON);
            ctx.output(Tags.AUDIT, Rejections.audit(r.id(), r.model(), REASON, "first seen at " + seen, now));
            return;
        }
        firstSeen.update(now);
        out.collect(r);
    }
}
