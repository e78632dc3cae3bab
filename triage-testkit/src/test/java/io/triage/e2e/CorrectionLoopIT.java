package io.triage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.local.EmbeddedKafka;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.JobSpec;
import io.triage.spec.SpecLoader;
import io.triage.testhooks.FaultHooks;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.testkit.chaos.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviewers who notice a slip and send the right class a moment later: each correction that changes a decision
 * amends it on {@code decisions} and relabels the model (a version of its own, replayed by the verifier), and no
 * honest correction is refused as a conflict. Checked against what the reviewers actually sent (the labels topic),
 * not against the job's own account.
 */
class CorrectionLoopIT {
    private static final int RECORDS = 3_000;

    @Test
    void reviewersCorrectTheirSlipsAndTheDecisionsFollow(@TempDir Path checkpoints) throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        JobSpec spec = SpecLoader.loadNamed("loop-fraud");
        ReviewTeam.Settings team = ReviewTeam.Settings.of(3, 0.8, 5, 0.0, 11).withCorrections(0.7);
        LoopRun run = LoopRun.run(kafka, spec, "corrections-", new TransactionsGenerator(31), RECORDS, 250, team,
                FaultHooks.none(), checkpoints, Duration.ofMinutes(5));
        CommittedOutputs out = run.outputs(kafka);

        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(run.spec, out);
        System.out.println(report.table());
        assertTrue(report.ok(), report.table());

        // what the reviewers sent, by record and reviewer, in the order they sent it
        Map<String, List<JsonNode>> sent = new HashMap<>();
        for (JsonNode l : CommittedOutputs.readAll(kafka.bootstrapServers(), run.spec.kafka().topics().labels())) {
            if (!l.hasNonNull("annotator")) continue; // the job's heartbeats share the topic
            sent.computeIfAbsent(l.path("id").asText() + "|" + l.path("annotator").asText(), k -> new ArrayList<>()).add(l);
        }
        sent.values().forEach(ls -> ls.sort(Comparator.comparingLong(l -> l.path("ts").asLong())));
        Set<String> firstApplied = new HashSet<>();
        out.audit("LABELED").forEach(a -> firstApplied.add(a.path("eventId").asText()));

        // every record decided by a label ends with the last answer its reviewer gave
        Map<String, JsonNode> last = new HashMap<>();
        for (JsonNode d : out.decisions) {
            JsonNode before = last.get(d.path("recordId").asText());
            if (before == null || d.path("decidedAt").asLong() >= before.path("decidedAt").asLong()) {
                last.put(d.path("recordId").asText(), d);
            }
        }
        long expectedAmendments = 0, checked = 0, wrongFinal = 0;
        for (List<JsonNode> labels : sent.values()) {
            JsonNode first = labels.get(0);
            if (!firstApplied.contains(first.path("eventId").asText())) continue; // another outcome (late, expired)
            checked++;
            String finalAnswer = labels.get(labels.size() - 1).path("label").asText();
            if (!finalAnswer.equals(first.path("label").asText())) expectedAmendments++;
            JsonNode d = last.get(first.path("id").asText());
            if (!finalAnswer.equals(d.path("decision").asText())) wrongFinal++;
        }
        long amended = out.decisions.stream().filter(d -> d.hasNonNull("supersedes") && !d.hasNonNull("appealId")).count();
        long conflicts = out.audit("LABEL_REJECTED").stream()
                .filter(a -> "conflicting-label".equals(a.path("reason").asText())).count();
        long relabels = out.models.stream().filter(m -> m.hasNonNull("replacedLabel")).count();
        System.out.printf("corrections e2e: %d labeled records checked, %d corrections sent after a deciding answer, "
                + "%d amended decisions, %d relabel versions, %d conflicts, %d final decisions not the reviewer's last "
                + "answer%n", checked, expectedAmendments, amended, relabels, conflicts, wrongFinal);
        assertTrue(expectedAmendments >= 20, "too few corrections to say anything: " + expectedAmendments);
        assertEquals(0, wrongFinal, "final decisions that are not the reviewer's last answer");
        assertEquals(expectedAmendments, amended, "one amended decision per correction of a deciding answer");
        assertEquals(expectedAmendments, relabels, "one relabel version per amended decision");
        assertEquals(expectedAmendments, report.relabels());
        assertEquals(0, conflicts, "an honest correction refused as a conflict");
    }
}
