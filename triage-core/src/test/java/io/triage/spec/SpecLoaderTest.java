package io.triage.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecLoaderTest {
    @Test
    void shippedSpecsLoad() {
        for (String name : new String[] {"flights", "fraud"}) {
            JobSpec s = SpecLoader.load(Path.of("jobs", name + ".yaml"));
            assertEquals(name, s.name());
            assertEquals(1, s.models().size());
            assertEquals(name, s.defaultModel().orElseThrow());
        }
        JobSpec f = SpecLoader.load(Path.of("jobs/flights.yaml"));
        ModelSpec m = f.models().get(0);
        assertEquals(FieldType.NUMERIC, m.features().get("hour"));
        assertEquals(FieldType.CATEGORICAL, m.features().get("origin"));
        assertEquals(0.8, m.policy().targetPrecision());
        assertEquals(0.02, m.policy().maxThresholdStep(), "unset fields take their defaults");
        assertEquals("review-requests", f.kafka().topics().reviewRequests());
    }

    @Test
    void specsWrittenAsYamlReadBackEqual() {
        for (String name : new String[] {"flights", "fraud", "digits"}) {
            JobSpec s = SpecLoader.loadNamed(name);
            assertEquals(s, SpecLoader.parse(SpecLoader.toYaml(s)), name);
        }
        JobSpec changed = SpecLoader.loadNamed("fraud").withCheckpointInterval(1000L)
                .withKafka(SpecLoader.loadNamed("fraud").kafka().withBootstrap("127.0.0.1:1234").withProperty("a.b", "c"));
        assertEquals(changed, SpecLoader.parse(SpecLoader.toYaml(changed)));
    }

    @Test
    void invalidValuesAreNamedWithTheirPath() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse("""
                models:
                  - id: m
                    policy: {targetPrecision: 1.5, auditRate: 0}
                    drift: {detectors: [cusum]}
                checkpointIntervalMs: 5
                """));
        String msg = e.getMessage();
        assertTrue(msg.contains("models[0].policy.targetPrecision: must be in (0, 1), was 1.5"), msg);
        assertTrue(msg.contains("models[0].policy.auditRate"), msg);
        assertTrue(msg.contains("models[0].drift.detectors[0]: unknown detector 'cusum'"), msg);
        assertTrue(msg.contains("checkpointIntervalMs"), msg);
        assertEquals(4, e.problems().size());
    }

    @Test
    void unknownFieldsAndBadTypesAreRejected() {
        SpecException typo = assertThrows(SpecException.class, () -> SpecLoader.parse("""
                models:
                  - id: m
                    policy: {targetPrecisoin: 0.9}
                """));
        assertTrue(typo.getMessage().contains("models[0].policy"), typo.getMessage());
        assertTrue(typo.getMessage().contains("targetPrecisoin"), typo.getMessage());
        SpecException type = assertThrows(SpecException.class, () -> SpecLoader.parse("""
                models:
                  - id: m
                    features: {x: vector}
                """));
        assertTrue(type.getMessage().contains("models[0].features"), type.getMessage());
    }

    @Test
    void missingModelsAndDuplicatesAreRejected() {
        assertTrue(assertThrows(SpecException.class, () -> SpecLoader.parse("name: x\n")).getMessage()
                .contains("models: at least one model is required"));
        assertTrue(assertThrows(SpecException.class, () -> SpecLoader.parse("""
                models: [{id: a}, {id: a}]
                """)).getMessage().contains("models[1].id: duplicate model id 'a'"));
    }
}
