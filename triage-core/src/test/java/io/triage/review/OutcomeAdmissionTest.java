package io.triage.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Outcome;
import io.triage.event.Route;
import io.triage.review.OutcomeAdmission.Rejection;
import io.triage.spec.OutcomeSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeAdmissionTest {
    private static final List<String> CLASSES = List.of("fraud", "legit");
    private final OutcomeAdmission on = new OutcomeAdmission(new OutcomeSpec(1000L, 100L, null, null));
    private final Decision auto = new Decision("r", "m", "legit", DecisionSource.AUTO, Route.AUTO, "legit", 0.99, 3, 4,
            null, 0, 500, 500);

    private static Outcome outcome(String label, long at) {
        return new Outcome("o-1", "m", "r", label, "chargeback", at);
    }

    @Test
    void joinsAnOutcomeWithinTheRetention() {
        assertTrue(on.admit(outcome("fraud", 1500), auto, CLASSES, null, false).isEmpty());
    }

    @Test
    void refusesInOrderWithItsReason() {
        assertEquals(Optional.of(Rejection.OUTCOMES_OFF),
                new OutcomeAdmission(OutcomeSpec.defaults()).admit(outcome("fraud", 600), auto, CLASSES, null, false));
        assertEquals(Optional.of(Rejection.DUPLICATE_OUTCOME), on.admit(outcome("fraud", 600), auto, CLASSES, "fraud", true));
        assertEquals(Optional.of(Rejection.UNKNOWN_CLASS), on.admit(outcome("spam", 600), null, CLASSES, null, false));
        assertEquals(Optional.of(Rejection.NOT_DECIDED), on.admit(outcome("fraud", 600), null, CLASSES, null, false));
        assertEquals(Optional.of(Rejection.AFTER_RETENTION), on.admit(outcome("fraud", 1501), auto, CLASSES, null, false));
        assertEquals(Optional.of(Rejection.REPEATED_OUTCOME), on.admit(outcome("fraud", 600), auto, CLASSES, "fraud", false));
        assertEquals(Optional.of(Rejection.CONFLICTING_OUTCOME), on.admit(outcome("legit", 600), auto, CLASSES, "fraud", false));
        assertEquals("conflicting-outcome", Rejection.CONFLICTING_OUTCOME.code());
    }
}
