package io.triage.stage;

import io.triage.policy.Threshold;
import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.Decision;
import io.triage.event.ModelSnapshot;
import io.triage.event.ModelUpdate;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureSpace;
import io.triage.model.ScoringWeights;
import io.triage.spec.ExpiryFallback;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The Scorer in budget mode: the strategy picks what humans label, within budget; its state is checkpointed. */
class BudgetScorerTest {
    private static final double BUDGET = 0.1;
    private final JobSpec spec = budgetSpec("random");
    private final int dim = new FeatureSpace(spec.models().get(0)).dimension();

    static JobSpec budgetSpec(String strategy) {
        ModelSpec m = Fixtures.model("fraud", List.of("fraud", "ok"), ExpiryFallback.MODEL, 100.0);
        return Fixtures.spec(m.withPolicy(m.policy().withBudget(BUDGET, strategy)), List.of());
    }

    private TwoInputStreamOperatorTestHarness<Record, ModelUpdate, Decision> harness(JobSpec s) throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(new Scorer(s), List.of(Scorer.MODELS, Scorer.ACCURACY)));
    }

    private ModelSnapshot snapshot() {
        double[] w = new double[2 * (dim + 1)];
        w[0] = -1;
        w[dim + 1] = 1;
        // the guarantee threshold is OFF: in budget mode it does not matter
        return new ModelSnapshot("fraud", 1, 1, new ScoringWeights(new String[] {"fraud", "ok"}, dim, w),
                new double[] {0.0}, new double[] {1.0}, Threshold.OFF, new double[0], 0.02, 1, 0);
    }

    private static Record record(int i) {
        double amount = (i % 7) - 3.0;
        return new Record("tx-" + i, "fraud", i, "{}", new int[] {0}, new double[] {amount});
    }

    @Test
    void labelsAtMostTheBudgetAndDecidesTheRest() throws Exception {
        try (var h = harness(spec)) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot()), 0);
            for (int i = 0; i < 5000; i++) h.processElement1(record(i), 0);
            List<ReviewRequest> asked = side(h, Tags.REVIEW);
            List<Decision> auto = h.extractOutputValues();
            assertEquals(5000, asked.size() + auto.size());
            assertTrue(asked.stream().allMatch(r -> r.reason() == Route.ACTIVE));
            double share = asked.size() / 5000.0;
            assertTrue(share > 0.05 && share <= BUDGET + 0.01, "labeled share " + share);
            assertTrue(auto.stream().allMatch(d -> d.route() == Route.AUTO && d.decision() != null));
        }
    }

    @Test
    void strategyStateSurvivesSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snap;
        List<ReviewRequest> uninterrupted;
        try (var h = harness(spec)) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot()), 0);
            for (int i = 0; i < 2000; i++) h.processElement1(record(i), 0);
            uninterrupted = side(h, Tags.REVIEW);
        }
        try (var h = harness(spec)) {
            h.open();
            h.processElement2(ModelUpdate.full(snapshot()), 0);
            for (int i = 0; i < 1000; i++) h.processElement1(record(i), 0);
            snap = h.snapshot(0, 0);
        }
        try (var h = harness(spec)) {
            h.setup();
            h.initializeState(snap);
            h.open();
            for (int i = 1000; i < 2000; i++) h.processElement1(record(i), 0);
            // the budget spent before the snapshot is remembered: the same records are asked for
            List<String> after = side(h, Tags.REVIEW).stream().map(ReviewRequest::recordId).toList();
            List<String> expected = uninterrupted.stream().map(ReviewRequest::recordId)
                    .filter(id -> Integer.parseInt(id.substring(3)) >= 1000).toList();
            assertEquals(expected, after);
        }
    }
}
