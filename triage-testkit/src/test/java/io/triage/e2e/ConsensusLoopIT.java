package io.triage.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.local.EmbeddedKafka;
import io.triage.local.ReviewTeam;
import io.triage.local.TransactionsGenerator;
import io.triage.spec.ConsensusRule;
import io.triage.spec.ConsensusSpec;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;
import io.triage.testhooks.FaultHooks;
import io.triage.testkit.chaos.CommittedOutputs;
import io.triage.testkit.chaos.ExactlyOnceVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop with three labels per human item from reviewers of known, unequal accuracy, decided by the WEIGHTED rule:
 * the accuracies the job estimates from their agreement alone come close to the truth, the votes weighed by them
 * decide (the verifier checks every consensus outcome against its votes and recorded weights), and the labels so
 * decided are right often enough for the audits to certify the target: automated decisions keep the promise, checked
 * against the generator's truth.
 */
class ConsensusLoopIT {
    private static final int RECORDS = 10_000;
    private static final double RATE = 150;
    private static final double[] ACCURACY = {0.98, 0.80, 0.60};
    private static final List<String> TEAM = List.of("alice", "bob", "carol");
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    @Test
    void estimatesReviewersAccuracyFromConsensus(@TempDir Path checkpoints) throws Exception {
        JobSpec base = SpecLoader.loadNamed("loop-fraud");
        Map<String, Integer> three = Map.of("audit", 3, "review", 3, "cold_start", 3, "active", 3, "stale", 3);
        // a challenger gets 250 outcomes to certify, not 1,000: the model improves through this short run, and each
        // challenger frozen from it needs its own fresh outcomes (the team labels only so many in a minute)
        ModelSpec fraud = base.models().get(0);
        JobSpec spec = base.withModels(List.of(fraud.withPolicy(fraud.policy().toBuilder().challengeEvery(250).build())))
                .withReview(base.review().withConsensus(new ConsensusSpec(three, ConsensusRule.WEIGHTED, null)));
        // reviewers pass over requests past their deadline, as the gateway does: in the cold start every record asks
        // three labels, more than the team can give, and a label the job would refuse as late is time not spent
        ReviewTeam.Settings team = new ReviewTeam.Settings(TEAM, ACCURACY, 5, 0.0, 7, true);
        LoopRun run = LoopRun.run(kafka, spec, "consensus-", new TransactionsGenerator(21), RECORDS, RATE, team,
                FaultHooks.none(), checkpoints, Duration.ofMinutes(6));
        CommittedOutputs out = run.outputs(kafka);

        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(run.spec, out);
        System.out.println(report.table());
        assertTrue(report.ok(), report.table());

        long votes = out.audit("CONSENSUS_VOTE").size();
        long labeled = out.audit("LABELED").size();
        JsonNode last = out.metrics.get(out.metrics.size() - 1);
        System.out.println("consensus e2e: " + labeled + " items labeled, " + votes + " votes; last metrics "
                + last.path("annotatorAccuracy") + " kappa " + last.path("fleissKappa"));
        // the labels the evidence rests on: how often the decided class is wrong, and how often the weights overruled
        // the head count (an item whose winning class has fewer votes than another)
        long labelWrong = 0;
        for (JsonNode l : out.audit("LABELED")) {
            if (!l.path("label").asText().equals(run.truth.get(l.path("recordId").asText()))) labelWrong++;
        }
        Map<String, Map<String, Integer>> heads = new java.util.HashMap<>();
        Map<String, String> decidedAs = new java.util.HashMap<>();
        for (JsonNode v : out.audit("CONSENSUS_VOTE")) {
            String id = v.path("recordId").asText();
            heads.computeIfAbsent(id, x -> new java.util.HashMap<>()).merge(v.path("label").asText(), 1, Integer::sum);
            if (v.path("decision").isTextual()) decidedAs.put(id, v.path("decision").asText());
        }
        long overruled = decidedAs.entrySet().stream().filter(e -> {
            Map<String, Integer> h = heads.get(e.getKey());
            return h.values().stream().anyMatch(n -> n > h.get(e.getValue()));
        }).count();
        long stamped = out.reviewRequests.stream().filter(r -> r.has("annotatorAccuracy")).count();
        System.out.printf("consensus e2e: decided labels wrong %d of %d (%.2f%%); weights overruled the head count on %d; "
                        + "%d of %d requests carried accuracies%n", labelWrong, labeled,
                100.0 * labelWrong / Math.max(1, labeled), overruled, stamped, out.reviewRequests.size());

        long auto = 0, right = 0;
        for (JsonNode d : out.decisions) {
            if (!"AUTO".equals(d.path("source").asText())) continue;
            auto++;
            if (d.path("decision").asText().equals(run.truth.get(d.path("recordId").asText()))) right++;
        }
        double target = spec.models().get(0).policy().targetPrecision();
        System.out.println("consensus e2e: " + auto + " automated, realized precision "
                + (auto == 0 ? "n/a" : String.format("%.4f", (double) right / auto)) + " (target " + target + ")");
        // the weights mattered: they overruled the head count, and the decided labels are wrong far less often than
        // the ~9% of the plain majority of these three (which certified nothing: agreement could not reach 0.9)
        assertTrue(overruled > 0, "the weights never overruled the head count");
        assertTrue((double) labelWrong / labeled < 0.075, labelWrong + " of " + labeled + " decided labels wrong");
        for (int i = 0; i < TEAM.size(); i++) {
            double estimate = last.path("annotatorAccuracy").path(TEAM.get(i)).asDouble(Double.NaN);
            assertEquals(ACCURACY[i], estimate, 0.05, TEAM.get(i) + " in " + last.path("annotatorAccuracy"));
        }
        assertTrue(auto > 0, "nothing automated");
        assertTrue((double) right / auto >= target, right + " of " + auto + " automated decisions right");
    }
}
