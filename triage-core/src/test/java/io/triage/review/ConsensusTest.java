package io.triage.review;

import io.triage.spec.ConsensusRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.triage.review.Consensus.Outcome.DECIDED;
import static io.triage.review.Consensus.Outcome.NO_CONSENSUS;
import static io.triage.review.Consensus.Outcome.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsensusTest {
    private static Consensus.Tally tally(int k, ConsensusRule rule, String... votes) {
        return Consensus.tally(List.of(votes), k, rule);
    }

    @Test
    void majority() {
        assertEquals(WAIT, tally(3, ConsensusRule.MAJORITY, "a", "a").outcome());
        assertEquals(new Consensus.Tally(DECIDED, "a"), tally(3, ConsensusRule.MAJORITY, "a", "b", "a"));
        assertEquals(WAIT, tally(3, ConsensusRule.MAJORITY, "a", "b", "c").outcome());
        assertEquals(WAIT, tally(3, ConsensusRule.MAJORITY, "a", "b", "c", "a").outcome()); // 2 of 4 is no majority
        assertEquals(new Consensus.Tally(DECIDED, "a"), tally(3, ConsensusRule.MAJORITY, "a", "b", "c", "a", "a"));
        assertEquals(NO_CONSENSUS, tally(3, ConsensusRule.MAJORITY, "a", "b", "c", "a", "b").outcome());
        assertEquals(new Consensus.Tally(DECIDED, "x"), tally(1, ConsensusRule.MAJORITY, "x"));
    }

    @Test
    void unanimous() {
        assertEquals(new Consensus.Tally(DECIDED, "a"), tally(3, ConsensusRule.UNANIMOUS, "a", "a", "a"));
        assertEquals(WAIT, tally(3, ConsensusRule.UNANIMOUS, "a", "b", "a").outcome());
        assertEquals(new Consensus.Tally(DECIDED, "a"), tally(3, ConsensusRule.UNANIMOUS, "a", "b", "a", "a"));
        assertEquals(new Consensus.Tally(DECIDED, "b"), tally(3, ConsensusRule.UNANIMOUS, "a", "b", "a", "b", "b"));
        assertEquals(NO_CONSENSUS, tally(3, ConsensusRule.UNANIMOUS, "a", "b", "c", "a", "b").outcome());
        assertEquals(NO_CONSENSUS, tally(2, ConsensusRule.UNANIMOUS, "a", "b", "a", "b").outcome());
    }

    private static final List<String> TEAM = List.of("alice", "bob", "carol");

    private static Consensus.Tally weighted(int k, Map<String, Double> accuracy, List<String> who, String... votes) {
        return Consensus.tally(List.of(votes), Consensus.weights(who, accuracy, 2), k, ConsensusRule.WEIGHTED);
    }

    @Test
    void theBayesWeightOfTheOneCoinModel() {
        assertEquals(Math.log(49), Consensus.weight(0.98, 2), 1e-12);
        assertEquals(Math.log(4), Consensus.weight(0.80, 2), 1e-12);
        assertEquals(Math.log(2 * 0.8 / 0.2), Consensus.weight(0.80, 3), 1e-12); // wrong classes are rarer among 3
        assertEquals(0.0, Consensus.weight(0.5, 2), 0.0); // a guesser says nothing
    }

    @Test
    void weightsAreClampedFiniteAndNotNegative() {
        assertEquals(Consensus.weight(Consensus.MAX_ACCURACY, 2), Consensus.weight(1.0, 2), 0.0);
        assertTrue(Double.isFinite(Consensus.weight(1.0, 2)));
        assertEquals(0.0, Consensus.weight(0.2, 2), 0.0); // worse than chance: not counted against its own class
        assertEquals(0.0, Consensus.weight(0.2, 4), 0.0); // 1/C among four
        assertEquals(0.0, Consensus.weight(0.0, 3), 0.0);
        // clamped, one near-perfect estimate does not overrule three good annotators
        Map<String, Double> acc = Map.of("alice", 0.9999, "bob", 0.9, "carol", 0.9, "dan", 0.9);
        assertEquals(new Consensus.Tally(DECIDED, "b"),
                weighted(3, acc, List.of("alice", "bob", "carol", "dan"), "a", "b", "b", "b"));
    }

    @Test
    void theMostAccurateOutweighsTwoWeakerWhoDisagree() {
        Map<String, Double> acc = Map.of("alice", 0.98, "bob", 0.80, "carol", 0.60);
        assertEquals(new Consensus.Tally(DECIDED, "fraud"), weighted(3, acc, TEAM, "fraud", "legit", "legit"));
        assertEquals(new Consensus.Tally(DECIDED, "legit"), weighted(3, acc, TEAM, "legit", "fraud", "fraud"));
        assertEquals(new Consensus.Tally(DECIDED, "fraud"), tally(3, ConsensusRule.MAJORITY, "legit", "fraud", "fraud"));
        assertEquals(WAIT, weighted(3, acc, TEAM, "fraud", "legit").outcome()); // k labels first, as always
    }

    @Test
    void threeEqualAnnotatorsDecideAsTheMajority() {
        Map<String, Double> acc = Map.of("alice", 0.8, "bob", 0.8, "carol", 0.8);
        for (String[] votes : new String[][] {{"a", "b", "a"}, {"b", "b", "a"}, {"a", "a", "a"}}) {
            assertEquals(tally(3, ConsensusRule.MAJORITY, votes), weighted(3, acc, TEAM, votes));
        }
        // three classes: no weighted majority either, and the escalation ends as MAJORITY's
        List<String> five = List.of("alice", "bob", "carol", "dan", "erin");
        Map<String, Double> all = Map.of("alice", 0.8, "bob", 0.8, "carol", 0.8, "dan", 0.8, "erin", 0.8);
        assertEquals(WAIT, weighted(3, all, five.subList(0, 3), "a", "b", "c").outcome());
        assertEquals(NO_CONSENSUS, weighted(3, all, five, "a", "b", "c", "a", "b").outcome());
    }

    @Test
    void withoutEstimatesEveryVoteWeighsAlikeAndWeightedIsMajority() {
        assertArrayEquals(new double[] {1, 1, 1}, Consensus.weights(TEAM, null, 2), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, Consensus.weights(TEAM, Map.of(), 2), 0.0);
        for (String[] votes : new String[][] {{"a", "b", "a"}, {"a", "b", "c"}, {"a", "b", "c", "a"},
                {"a", "b", "c", "a", "a"}, {"a", "b", "c", "a", "b"}}) {
            List<String> who = List.of("p", "q", "r", "s", "t").subList(0, votes.length);
            assertEquals(tally(3, ConsensusRule.MAJORITY, votes), weighted(3, null, who, votes), String.join(",", votes));
            assertEquals(tally(3, ConsensusRule.MAJORITY, votes),
                    Consensus.tally(List.of(votes), 3, ConsensusRule.WEIGHTED), String.join(",", votes));
        }
    }

    @Test
    void anAnnotatorWithoutEstimateWeighsAsTheAverageEstimatedOne() {
        Map<String, Double> acc = Map.of("alice", 0.98, "bob", 0.60);
        double[] w = Consensus.weights(List.of("alice", "dan", "bob"), acc, 2);
        assertEquals(Math.log(49), w[0], 1e-12);
        assertEquals((Math.log(49) + Math.log(1.5)) / 2, w[1], 1e-12);
        assertEquals(Math.log(1.5), w[2], 1e-12);
        // dan (2.1) and bob (0.4) together do not outweigh alice (3.9)
        assertEquals(new Consensus.Tally(DECIDED, "a"), weighted(3, acc, List.of("alice", "dan", "bob"), "a", "b", "b"));
        // a non-finite estimate is no estimate
        Map<String, Double> nan = new java.util.HashMap<>(acc);
        nan.put("dan", Double.NaN);
        assertArrayEquals(w, Consensus.weights(List.of("alice", "dan", "bob"), nan, 2), 0.0);
    }

    @Test
    void guessersAloneDecideNothing() {
        Map<String, Double> acc = Map.of("alice", 0.5, "bob", 0.4, "carol", 0.3);
        assertEquals(WAIT, weighted(3, acc, TEAM, "a", "a", "a").outcome());
    }
}
