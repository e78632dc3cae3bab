package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.DeadLetter;
import io.triage.event.Label;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, signed labels: whoever can write to {@code labels} must not be able to speak for an annotator. The
 * signatures are literals computed outside Java (see {@code LabelSignerTest} for the commands).
 */
class ParseLabelsTest {
    /** base64 of the ASCII bytes "triage-test-key-alice-0123456789" and "triage-test-key-bob---0123456789". */
    private static final String KEYS = """
            annotator.alice=dHJpYWdlLXRlc3Qta2V5LWFsaWNlLTAxMjM0NTY3ODk=
            annotator.bob=dHJpYWdlLXRlc3Qta2V5LWJvYi0tLTAxMjM0NTY3ODk=
            """;
    /** alice's HMAC-SHA256 over "triage-label-v1\ntx-1\nfraud\nfraud\nalice\n1795514400000\nev-1". */
    private static final String ALICE_TX1 = "953db08407919bfa0136591dc25c17e457266dcf8e5cd3f63ce19fe8cecf1b85";
    private static final String TX1 = "{\"id\":\"tx-1\",\"model\":\"fraud\",\"label\":\"fraud\",\"annotator\":\"alice\","
            + "\"ts\":\"2026-11-24T10:00:00Z\",\"eventId\":\"ev-1\"";

    /** The broker's timestamp of the messages: after the labels' own {@code ts}, which therefore stands. */
    private static final long APPENDED = 1_795_600_000_000L;

    @TempDir
    Path dir;

    private JobSpec spec(boolean require) throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.properties"), KEYS);
        return SpecLoader.parse("""
                name: t
                models:
                  - id: fraud
                    classes: [fraud, legit]
                    features: {amount: numeric}
                review:
                  requireSignatures: %s
                  keysFile: %s
                """.formatted(require, keys));
    }

    private static OneInputStreamOperatorTestHarness<String, Label> harness(JobSpec spec) throws Exception {
        OneInputStreamOperatorTestHarness<String, Label> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseLabels(spec));
        h.setProcessingTime(9_000);
        return h;
    }

    private static void assertRejected(JobSpec spec, String raw, String reason) throws Exception {
        try (var h = harness(spec)) {
            h.processElement(raw, APPENDED);
            assertTrue(h.extractOutputValues().isEmpty(), raw);
            List<DeadLetter> dl = side(h, Tags.DEAD_LETTER);
            assertEquals(1, dl.size(), raw);
            assertEquals("labels", dl.get(0).source());
            assertEquals(reason, dl.get(0).reason(), raw);
            List<AuditEvent> audit = side(h, Tags.AUDIT);
            assertEquals(1, audit.size());
            assertEquals(AuditType.INPUT_REJECTED, audit.get(0).type());
            assertTrue(audit.get(0).reason().startsWith(reason + ":"), audit.get(0).reason());
        }
    }

    @Test
    void aLabelSignedByItsAnnotatorPasses() throws Exception {
        try (var h = harness(spec(true))) {
            h.processElement(TX1 + ",\"signature\":\"" + ALICE_TX1 + "\"}", APPENDED);
            assertEquals(List.of(new Label("tx-1", "fraud", "fraud", "alice", 1_795_514_400_000L, "ev-1")),
                    h.extractOutputValues());
            assertTrue(side(h, Tags.DEAD_LETTER).isEmpty());
        }
        // upper-case hex is the same signature
        try (var h = harness(spec(true))) {
            h.processElement(TX1 + ",\"signature\":\"" + ALICE_TX1.toUpperCase() + "\"}", APPENDED);
            assertEquals(1, h.extractOutputValues().size());
        }
    }

    @Test
    void unsignedAndForgedLabelsAreRejectedWhenSignaturesAreRequired() throws Exception {
        JobSpec spec = spec(true);
        assertRejected(spec, TX1 + "}", "unsigned-label");
        assertRejected(spec, TX1 + ",\"signature\":\"\"}", "unsigned-label");
        // another class under alice's signature of "fraud": a tampered label
        assertRejected(spec, TX1.replace("\"label\":\"fraud\"", "\"label\":\"legit\"") + ",\"signature\":\""
                + ALICE_TX1 + "\"}", "bad-signature");
        // bob replays alice's signed label as his own, or claims to be alice with his key: impersonation
        assertRejected(spec, TX1.replace("alice", "bob") + ",\"signature\":\"" + ALICE_TX1 + "\"}", "bad-signature");
        // a later ts (a replay moved in time) breaks the signature too
        assertRejected(spec, TX1.replace("10:00:00Z", "10:00:01Z") + ",\"signature\":\"" + ALICE_TX1 + "\"}",
                "bad-signature");
        // an annotator without a key cannot sign at all
        assertRejected(spec, TX1.replace("alice", "mallory") + ",\"signature\":\"" + ALICE_TX1 + "\"}", "bad-signature");
        assertRejected(spec, TX1 + ",\"signature\":\"not hex\"}", "bad-signature");
        assertRejected(spec, TX1 + ",\"signature\":42}", "wrong-type");
    }

    @Test
    void withoutTheRequirementUnsignedLabelsPassButBadSignaturesStillFail() throws Exception {
        JobSpec spec = spec(false);
        try (var h = harness(spec)) {
            h.processElement(TX1 + "}", APPENDED);
            assertEquals(1, h.extractOutputValues().size());
        }
        assertRejected(spec, TX1.replace("\"label\":\"fraud\"", "\"label\":\"legit\"") + ",\"signature\":\""
                + ALICE_TX1 + "\"}", "bad-signature");
    }
}
