package io.triage.review;

import io.triage.spec.ConsensusRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.triage.review.Consensus.Outcome.DECIDED;
import static io.triage.review.Consensus.Outcome.NO_CONSENSUS;
import static io.triage.review.Consensus.Outcome.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
