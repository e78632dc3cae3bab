package io.triage.policy.legacy;

import io.triage.policy.Threshold;
import io.triage.policy.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdControllerTest {
    private static final double OFF = Threshold.OFF;

    /** target 0.9 at 95 % (z = 1.645), at least 50 effective outcomes, loosen by at most 0.1 per update. */
    private final ThresholdController controller = new ThresholdController(0.9, 0.95, 50, 0.1);

    private static void fill(EvidenceHistogram h, double confidence, int n, int correct) {
        for (int i = 0; i < n; i++) h.add(confidence, i < correct, 1.0);
    }

    /**
     * 10 bins. [0.9,1): 198/200 correct, [0.8,0.9): 190/200, [0.7,0.8): 150/200, [0.5,0.6): 100/200.
     * From 0.9: p = 0.99,   n = 200 → safe.
     * From 0.8: p = 0.97,   n = 400 → Wilson lower ≈ 0.9525 ≥ 0.9 → safe.
     * From 0.7: p = 538/600 = 0.8967 < 0.9 → not even the point estimate reaches the target.
     */
    private static EvidenceHistogram handBuilt() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        fill(h, 0.95, 200, 198);
        fill(h, 0.85, 200, 190);
        fill(h, 0.75, 200, 150);
        fill(h, 0.55, 200, 100);
        return h;
    }

    @Test
    void picksTheLowestThresholdWhoseLowerBoundReachesTheTarget() {
        EvidenceHistogram h = handBuilt();
        assertEquals(0.9525, h.above(8, controller.z()).lowerBound(), 5e-4);
        assertTrue(h.above(7, controller.z()).lowerBound() < 0.9);
        assertEquals(0.8, controller.safeThreshold(h), 1e-12);
        // from OFF the first safe threshold applies at once
        assertEquals(0.8, controller.next(OFF, h), 1e-12);
        EvidenceHistogram.Estimate e = controller.estimateAt(0.8, h);
        assertEquals(0.97, e.precision(), 1e-12);
        assertEquals(400, e.effectiveN(), 1e-9);
    }

    @Test
    void noAutomationBeforeMinEvidence() {
        EvidenceHistogram h = new EvidenceHistogram(10);
        fill(h, 0.55, 100, 50);  // a coin flip at [0.5, 0.6)
        fill(h, 0.95, 49, 49);   // perfect at [0.9, 1), but only 49 outcomes
        assertEquals(OFF, controller.safeThreshold(h));
        assertEquals(OFF, controller.next(OFF, h));
        assertTrue(Double.isNaN(controller.estimateAt(OFF, h).precision()));
        fill(h, 0.95, 1, 1); // 50: lower bound 50/(50+z²) = 0.9487 ≥ 0.9
        // bins [0.6, 0.9) are empty: nothing verified there, so they are not automated — the threshold is the
        // lowest edge of a bin that holds evidence
        assertEquals(0.9, controller.safeThreshold(h), 1e-12);
        assertEquals(50 / (50 + controller.z() * controller.z()), controller.estimateAt(0.9, h).lowerBound(), 1e-12);
    }

    @Test
    void noEvidenceMeansOff() {
        assertEquals(OFF, controller.safeThreshold(new EvidenceHistogram(10)));
        assertEquals(OFF, controller.next(0.7, new EvidenceHistogram(10))); // tightening to OFF is immediate
    }

    @Test
    void downwardMovesAreRateLimited() {
        EvidenceHistogram h = handBuilt(); // safe threshold 0.8
        double t = controller.next(0.98, h);
        assertEquals(0.88, t, 1e-12);
        t = controller.next(t, h);
        assertEquals(0.8, t, 1e-12); // max(0.8, 0.78)
        assertEquals(0.8, controller.next(t, h), 1e-12); // stays
    }

    @Test
    void upwardMovesAreImmediate() {
        EvidenceHistogram h = handBuilt(); // safe 0.8
        assertEquals(0.8, controller.next(0.3, h), 1e-12);
        // evidence turns bad in the 0.8 bin: the threshold jumps up to 0.9 in one step
        fill(h, 0.85, 200, 100);
        assertEquals(0.9, controller.safeThreshold(h), 1e-12);
        assertEquals(0.9, controller.next(0.8, h), 1e-12);
    }

    @Test
    void settingsComeFromThePolicySpec() {
        var p = io.triage.spec.PolicySpec.defaults();
        ThresholdController c = new ThresholdController(p);
        assertEquals(PrecisionBound.normalQuantile(p.confidenceLevel()), c.z(), 1e-12);
    }
}
