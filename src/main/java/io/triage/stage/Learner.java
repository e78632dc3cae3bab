package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.feature.FeatureSpace;
import io.triage.learn.LearnerCore;
import io.triage.learn.LearnerState;
import io.triage.learn.LearningOutcome;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Keyed by model id: applies each verified label to that model's {@link LearnerCore} and publishes the new
 * version (main output, broadcast to the Scorers), its log entry and audit events. The state is the
 * core's compact {@link LearnerState}, written after every label so a checkpoint always holds it whole.
 */
public class Learner extends KeyedProcessFunction<String, LabeledExample, ModelSnapshot> {
    private final JobSpec spec;
    private transient ValueState<LearnerState> state;
    private transient Map<String, LearnerCore> cores;

    public Learner(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class)));
        cores = new HashMap<>();
    }

    @Override
    public void processElement(LabeledExample ex, Context ctx, Collector<ModelSnapshot> out) throws Exception {
        String id = ctx.getCurrentKey();
        ModelSpec m = spec.model(id).orElse(null);
        if (m == null) return; // the joiner only admits labels of known models
        LearnerCore core = cores.get(id);
        if (core == null) {
            LearnerState s = state.value();
            FeatureSpace space = new FeatureSpace(m);
            core = s == null ? new LearnerCore(m, space) : LearnerCore.restore(m, space, s);
            cores.put(id, core);
        }
        LearningOutcome o = core.learn(ex, ctx.timerService().currentProcessingTime());
        state.update(core.state());
        out.collect(o.snapshot());
        ctx.output(Tags.PUBLISHED, o.published());
        for (AuditEvent e : o.events()) ctx.output(Tags.AUDIT, e);
    }
}
