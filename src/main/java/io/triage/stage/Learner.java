package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.LabeledExample;
import io.triage.event.ModelUpdate;
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
 * version (main output, broadcast to the Scorers: a delta, or the whole model every {@link #FULL_EVERY}
 * versions, on the first version after a (re)start and when a class appears), its log entry and audit
 * events. The state is the core's compact {@link LearnerState}, written after every label so a checkpoint
 * always holds it whole.
 */
public class Learner extends KeyedProcessFunction<String, LabeledExample, ModelUpdate> {
    /** Versions between whole-model broadcasts: a Scorer that missed a delta catches up at the next one. */
    public static final int FULL_EVERY = 256;

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
    public void processElement(LabeledExample ex, Context ctx, Collector<ModelUpdate> out) throws Exception {
        String id = ctx.getCurrentKey();
        ModelSpec m = spec.model(id).orElse(null);
        if (m == null) return; // the joiner only admits labels of known models
        LearnerCore core = cores.get(id);
        boolean fresh = core == null; // first version since this task (re)started: send it whole
        if (core == null) {
            LearnerState s = state.value();
            FeatureSpace space = new FeatureSpace(m);
            core = s == null ? new LearnerCore(m, space) : LearnerCore.restore(m, space, s);
            cores.put(id, core);
        }
        LearningOutcome o = core.learn(ex, ctx.timerService().currentProcessingTime());
        state.update(core.state());
        boolean whole = fresh || o.delta() == null || o.snapshot().version() % FULL_EVERY == 0;
        out.collect(whole ? ModelUpdate.full(o.snapshot()) : ModelUpdate.delta(o.delta()));
        ctx.output(Tags.PUBLISHED, o.published());
        for (AuditEvent e : o.events()) ctx.output(Tags.AUDIT, e);
    }
}
