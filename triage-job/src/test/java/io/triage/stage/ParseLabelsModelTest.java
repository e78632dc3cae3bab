package io.triage.stage;

import static io.triage.stage.Fixtures.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triage.event.DeadLetter;
import io.triage.event.Label;
import io.triage.spec.ExpiryFallback;
import io.triage.spec.JobSpec;
import io.triage.spec.ReviewSpec;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseLabelsModelTest {
    private static final String NO_MODEL = "{\"id\":\"x\",\"label\":\"ok\",\"annotator\":\"alice\"}";

    @Test
    void aLabelWithoutModelTakesTheJobsOnlyModel() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Label> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseLabels(Fixtures.spec(List.of())))) {
            h.processElement(NO_MODEL, 0);
            assertEquals(List.of("fraud"), h.extractOutputValues().stream().map(Label::model).toList());
        }
    }

    @Test
    void aLabelWithoutModelIsRejectedWhenTheJobServesSeveral() throws Exception {
        JobSpec two = new JobSpec("test", null, List.of(
                Fixtures.model("fraud", List.of("fraud", "ok"), ExpiryFallback.MODEL, 100),
                Fixtures.model("spam", List.of("spam", "ok"), ExpiryFallback.MODEL, 100)),
                new ReviewSpec(List.of(), 500L, 10_000L), null, 3, null);
        try (OneInputStreamOperatorTestHarness<String, Label> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseLabels(two))) {
            h.processElement(NO_MODEL, 0);
            assertTrue(h.extractOutputValues().isEmpty(), "a label naming no model must not join either model's record");
            List<DeadLetter> dl = side(h, Tags.DEAD_LETTER);
            assertEquals(1, dl.size());
            assertEquals("missing-model", dl.get(0).reason());
        }
    }
}
