package io.triage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ModelSettingsTest {

    private static void rejected(String field, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }

    @Test
    void defaults() {
        ModelSettings s = ModelSettings.defaults(8);
        assertEquals(8, s.dimension());
        assertEquals(0.1, s.learningRate());
        assertEquals(0.1, s.epsilon());
        assertEquals(0.9, s.accumulatorDecay());
        assertEquals(1000, s.decayEvery());
    }

    @Test
    void invalidSettingsRejected() {
        rejected("dimension", () -> new ModelSettings(0, 0.1, 0.1, 0.9, 1000, 1));
        rejected("learningRate", () -> new ModelSettings(4, 0, 0.1, 0.9, 1000, 1));
        rejected("learningRate", () -> new ModelSettings(4, Double.NaN, 0.1, 0.9, 1000, 1));
        rejected("learningRate", () -> new ModelSettings(4, Double.POSITIVE_INFINITY, 0.1, 0.9, 1000, 1));
        rejected("epsilon", () -> new ModelSettings(4, 0.1, -1e-9, 0.9, 1000, 1));
        rejected("epsilon", () -> new ModelSettings(4, 0.1, Double.NaN, 0.9, 1000, 1));
        rejected("accumulatorDecay", () -> new ModelSettings(4, 0.1, 0.1, 0, 1000, 1));
        rejected("accumulatorDecay", () -> new ModelSettings(4, 0.1, 0.1, 1.0001, 1000, 1));
        rejected("accumulatorDecay", () -> new ModelSettings(4, 0.1, 0.1, Double.NaN, 1000, 1));
        rejected("decayEvery", () -> new ModelSettings(4, 0.1, 0.1, 0.9, -1, 1));
        // Boundaries that are valid.
        new ModelSettings(1, 0.1, 0.1, 1.0, 0, Long.MIN_VALUE);
    }
}
