package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DeadLetter;
import io.triage.event.Record;
import io.triage.spec.JobSpec;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseRecordsTest {
    private final JobSpec spec = Fixtures.spec(List.of());

    private void assertRejected(String raw, String reason) throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Record> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseRecords(spec))) {
            h.setProcessingTime(9_000);
            h.processElement(raw, 0);
            assertTrue(h.extractOutputValues().isEmpty());
            List<DeadLetter> dl = side(h, Tags.DEAD_LETTER);
            assertEquals(1, dl.size());
            assertEquals("records", dl.get(0).source());
            assertEquals(raw, dl.get(0).raw());
            assertEquals(reason, dl.get(0).reason());
            assertEquals(9_000, dl.get(0).ts());
            List<AuditEvent> audit = side(h, Tags.AUDIT);
            assertEquals(1, audit.size());
            assertEquals(AuditType.INPUT_REJECTED, audit.get(0).type());
            assertTrue(audit.get(0).reason().startsWith(reason + ":"), audit.get(0).reason());
        }
    }

    @Test
    void badInputGoesToDeadLetterAndAudit() throws Exception {
        assertRejected("{not json", "invalid-json");
        assertRejected("[]", "not-an-object");
        assertRejected("{\"id\":\"a\",\"model\":\"spam\",\"features\":{\"x\":1}}", "unknown-model");
        assertRejected("{\"id\":\"a\",\"features\":{\"amount\":1e400}}", "non-finite-feature");
        assertRejected("{\"id\":\"a\",\"features\":{\"amount\":\"lots\"}}", "wrong-type");
    }

    @Test
    void goodInputBecomesARecord() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new ParseRecords(spec))) {
            h.processElement("{\"id\":\"tx-1\",\"ts\":1234,\"features\":{\"amount\":12.5,\"country\":\"DE\"}}", 0);
            List<Record> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Record r = out.get(0);
            assertEquals("tx-1", r.id());
            assertEquals("fraud", r.model()); // the job's only model
            assertEquals(1234L, r.ts());
            assertEquals(2, r.indices().length);
            assertEquals(0, r.indices()[0]); // the declared numeric field comes first
            assertArrayEquals(new double[] {12.5, 1.0}, r.values());
            assertEquals("{\"amount\":12.5,\"country\":\"DE\"}", r.features());
            assertTrue(side(h, Tags.DEAD_LETTER).isEmpty());
        }
    }
}
