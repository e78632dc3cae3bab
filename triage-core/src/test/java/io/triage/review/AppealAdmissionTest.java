package io.triage.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triage.event.Appeal;
import io.triage.event.Decision;
import io.triage.event.DecisionSource;
import io.triage.event.Route;
import io.triage.review.AppealAdmission.Rejection;
import io.triage.spec.AppealSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The appeal rules one by one, and their order when an appeal breaks several. */
class AppealAdmissionTest {
    private static final long WINDOW = 10_000;
    private final AppealAdmission on = new AppealAdmission(new AppealSpec(WINDOW, 5_000L, 2));

    private static Decision decided(String decision, long at) {
        return new Decision("r1", "fraud", decision, DecisionSource.AUTO, Route.AUTO, decision, 0.97, 3, 2, null, 1,
                at, at);
    }

    private static Appeal appeal(long ts) {
        return new Appeal("ap-1", "fraud", "r1", "I did make this payment", "case-7", ts);
    }

    @Test
    void aDecisionWithinItsWindowMayBeAppealedUpToTheLimit() {
        Decision d = decided("fraud", 1_000);
        assertEquals(Optional.empty(), on.admit(appeal(2_000), d, 0, false, false));
        assertEquals(Optional.empty(), on.admit(appeal(1_000 + WINDOW), d, 1, false, false), "the window's last ms");
        assertEquals(Optional.of(Rejection.TOO_MANY_APPEALS), on.admit(appeal(2_000), d, 2, false, false));
    }

    @Test
    void refusesWithTheFirstReasonThatApplies() {
        Decision d = decided("fraud", 1_000);
        assertEquals(Optional.of(Rejection.APPEALS_OFF),
                new AppealAdmission(AppealSpec.defaults()).admit(appeal(2_000), d, 0, false, false));
        assertEquals(Optional.of(Rejection.DUPLICATE_APPEAL), on.admit(appeal(2_000), d, 1, true, true));
        assertEquals(Optional.of(Rejection.NOT_DECIDED), on.admit(appeal(2_000), null, 0, false, false));
        assertEquals(Optional.of(Rejection.NOTHING_TO_CONTEST), on.admit(appeal(2_000), decided(null, 1_000), 0, false, false));
        assertEquals(Optional.of(Rejection.WINDOW_CLOSED), on.admit(appeal(1_001 + WINDOW), d, 0, true, false));
        assertEquals(Optional.of(Rejection.APPEAL_PENDING), on.admit(appeal(2_000), d, 2, true, false));
    }
}
