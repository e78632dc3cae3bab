package io.triage.testhooks;

import io.triage.stage.LabelJoiner;
import io.triage.stage.Learner;
import io.triage.stage.Scorer;
import io.triage.event.Label;
import io.triage.event.LabeledExample;
import io.triage.event.Record;
import org.apache.flink.api.common.functions.MapFunction;

import java.io.Serializable;

/**
 * Optional pass-through functions placed in front of the Scorer, the LabelJoiner and the Learner, chained
 * into them: the fault-injection tests throw from here to fail each operator's task mid-stream.
 */
public record FaultHooks(MapFunction<Record, Record> beforeScorer, MapFunction<Label, Label> beforeJoiner,
                         MapFunction<LabeledExample, LabeledExample> beforeLearner) implements Serializable {
    public static FaultHooks none() {
        return new FaultHooks(null, null, null);
    }
}
