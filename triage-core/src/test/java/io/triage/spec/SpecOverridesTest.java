package io.triage.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecOverridesTest {
    @Test
    void overridesFieldsByPathWithTypedValues() {
        JobSpec s = SpecLoader.loadNamed("fraud", List.of(
                "models[0].policy.targetPrecision=0.97",
                "name=fraud-eu",
                "checkpointIntervalMs=3000",
                "models[0].classes=[legit, fraud]",
                "models[0].drift.detectors[1]=ddm",
                "kafka.groupId=eu"));
        ModelSpec m = s.models().get(0);
        assertEquals(0.97, m.policy().targetPrecision(), 0.0);
        assertEquals(0.1 * 0.03 + 0.005, m.policy().margin(), 1e-12, "defaults that follow the target follow it");
        assertEquals("fraud-eu", s.name());
        assertEquals(3000L, s.checkpointIntervalMs());
        assertEquals(List.of("legit", "fraud"), m.classes());
        assertEquals(List.of("page-hinkley", "ddm"), m.drift().detectors());
        assertEquals("eu", s.kafka().groupId());
        // untouched fields keep the file's values
        assertEquals(0.05, m.policy().auditRate(), 0.0);
        assertEquals(SpecLoader.loadNamed("fraud").models().get(0).features(), m.features());
    }

    @Test
    void nullRestoresTheDefault() {
        JobSpec s = SpecLoader.loadNamed("fraud", List.of("models[0].policy.auditRate=null"));
        assertEquals(PolicySpec.builder().build().auditRate(), s.models().get(0).policy().auditRate(), 0.0);
    }

    @Test
    void overridesAreValidatedLikeTheFile() {
        SpecException bad = assertThrows(SpecException.class,
                () -> SpecLoader.loadNamed("fraud", List.of("models[0].policy.targetPrecision=1.5")));
        assertTrue(bad.getMessage().contains("models[0].policy.targetPrecision: must be in (0, 1), was 1.5"), bad.getMessage());
        SpecException typo = assertThrows(SpecException.class,
                () -> SpecLoader.loadNamed("fraud", List.of("models[0].policy.targetPrecison=0.9")));
        assertTrue(typo.getMessage().contains("targetPrecison"), typo.getMessage());
        SpecException type = assertThrows(SpecException.class,
                () -> SpecLoader.loadNamed("fraud", List.of("checkpointIntervalMs=often")));
        assertTrue(type.getMessage().contains("checkpointIntervalMs"), type.getMessage());
    }

    @Test
    void pathsThatLeadNowhereAreNamed() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.loadNamed("fraud", List.of(
                "models[3].policy.targetPrecision=0.9", "nothing", "models[0].nope.x=1", "name.first=a", "models[0]..x=1")));
        List<String> p = e.problems();
        assertEquals(5, p.size(), p.toString());
        assertEquals("--set models[3].policy.targetPrecision=0.9: models[3]: the list has 1 entries", p.get(0));
        assertEquals("--set nothing: expected path=value", p.get(1));
        assertEquals("--set models[0].nope.x=1: models[0].nope is not set in the spec", p.get(2));
        assertEquals("--set name.first=a: name.first is not inside a map", p.get(3));
        assertTrue(p.get(4).contains("is not a field name"), p.get(4));
    }

    @Test
    void withoutOverridesTheSpecIsTheFile() {
        assertEquals(SpecLoader.loadNamed("flights"), SpecLoader.loadNamed("flights", List.of()));
    }
}
