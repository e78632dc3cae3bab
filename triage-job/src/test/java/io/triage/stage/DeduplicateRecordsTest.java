package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.Record;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicateRecordsTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, Record, Record> harness(long retention)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DeduplicateRecords(retention)),
                r -> JoinKey.of(r.model(), r.id()), Types.STRING);
    }

    private static Record record(String model, String id) {
        return new Record(id, model, 0, "{}", new int[] {0}, new double[] {1});
    }

    @Test
    void aResentRecordIsRejectedWithAReasonUntilTheRetentionEnds() throws Exception {
        try (var h = harness(1_000)) {
            h.open();
            h.setProcessingTime(10);
            h.setStateTtlProcessingTime(10);
            h.processElement(record("fraud", "x"), 0);
            h.processElement(record("spam", "x"), 0); // another model's x is another record
            h.processElement(record("fraud", "x"), 0);
            assertEquals(List.of("fraud", "spam"), h.extractOutputValues().stream().map(Record::model).toList());
            List<AuditEvent> audit = side(h, Tags.AUDIT);
            assertEquals(1, audit.size());
            assertEquals(AuditType.INPUT_REJECTED, audit.get(0).type());
            assertEquals("duplicate-record: first seen at 10", audit.get(0).reason());
            assertEquals("x", audit.get(0).recordId());

            // what is remembered survives a restart
            OperatorSubtaskState snap = h.snapshot(0, 0);
            try (var g = harness(1_000)) {
                g.setup();
                g.initializeState(snap);
                g.open();
                g.setProcessingTime(500);
                g.setStateTtlProcessingTime(500);
                g.processElement(record("fraud", "x"), 0);
                assertEquals(0, g.extractOutputValues().size());
                g.setProcessingTime(1_011);
                g.setStateTtlProcessingTime(1_011); // retention over: forgotten
                g.processElement(record("fraud", "x"), 0);
                assertEquals(1, g.extractOutputValues().size());
            }
        }
    }

    @Test
    void zeroRetentionRemembersNothing() throws Exception {
        try (var h = harness(0)) {
            h.open();
            h.processElement(record("fraud", "x"), 0);
            h.processElement(record("fraud", "x"), 0);
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
