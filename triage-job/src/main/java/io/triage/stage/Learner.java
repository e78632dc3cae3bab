package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.KnownError;
import io.triage.event.LabeledExample;
import io.triage.event.ModelUpdate;
import io.triage.learn.LearnerCore;
import io.triage.review.AnnotatorWeights;
import io.triage.learn.LearnerState;
import io.triage.learn.LearnerStateLayout;
import io.triage.learn.LearnerStore;
import io.triage.learn.LearningOutcome;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import io.triage.model.FrozenVersion;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Keyed by model id: applies each verified label to that model's {@link LearnerCore} and publishes the new
 * version (main output, broadcast to the Scorers: a delta, or the whole model every {@link #FULL_EVERY}
 * versions, on the first version after a (re)start and when a class appears), its log entry and audit
 * events. Its keyed state is a {@link LearnerStore} laid out by {@link LearnerStateLayout}. Its second input
 * are automated decisions shown wrong after the fact ({@link KnownError}): no new version, but the policy may
 * raise its threshold, and then the Scorers get the policy.
 */
public class Learner extends KeyedCoProcessFunction<String, LabeledExample, KnownError, ModelUpdate> {
    /** Versions between whole-model broadcasts: a Scorer that missed a delta catches up at the next one. */
    public static final int FULL_EVERY = 256;
    /** Classes a model without declared {@code classes} may learn: a bound on what labels alone can make it grow. */
    public static final int MAX_UNDECLARED_CLASSES = 64;

    private final JobSpec spec;
    private transient LearnerStore store;
    private transient Map<String, LearnerCore> cores;
    /**
     * Annotator accuracy from the consensus items learned, for the learning weight of each label (state added with
     * label weighting, under its own name: a savepoint from before restores without it, and every label weighs
     * {@link AnnotatorWeights#DEFAULT} until the first refit).
     */
    private transient ValueState<AnnotatorWeights> annotatorWeights;

    public Learner(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        store = store(getRuntimeContext());
        cores = new HashMap<>();
        annotatorWeights = getRuntimeContext().getState(new ValueStateDescriptor<>("annotatorWeights",
                TypeInformation.of(AnnotatorWeights.class)));
    }

    /**
     * The current key's learner state in this operator's keyed state; also what {@code triage export} reads
     * from a savepoint (the same descriptors, so the names and types cannot drift apart).
     */
    public static LearnerStore store(RuntimeContext ctx) {
        return new FlinkLearnerStore(
                ctx.getState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class))),
                ctx.getMapState(new MapStateDescriptor<>("learner-cells", Types.INT,
                        PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)),
                ctx.getMapState(new MapStateDescriptor<>("learner-frozen", Types.STRING,
                        TypeInformation.of(FrozenVersion.class))));
    }

    @Override
    public void processElement2(KnownError e, Context ctx, Collector<ModelUpdate> out) throws Exception {
        String id = ctx.getCurrentKey();
        ModelSpec m = spec.model(id).orElse(null);
        if (m == null) return; // the desks only report decisions of known models
        LearnerCore core = cores.get(id);
        boolean fresh = core == null;
        if (core == null) {
            core = LearnerStateLayout.restore(m, store);
            cores.put(id, core);
        }
        long now = ctx.timerService().currentProcessingTime();
        LearningOutcome o = core.knownError(e, now);
        if (o == null) {
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.KNOWN_ERROR, e.recordId(), id, core.version(), -1, now)
                    .withRoute(io.triage.event.Route.AUTO, e.predicted(), e.confidence()).withLabel(e.truth(), null)
                    .because(e.source() + ": not counted (decided by version " + e.modelVersion()
                            + "; the serving version has no certified threshold at or below its confidence)"));
            if (fresh) cores.remove(id);
            return;
        }
        LearnerStateLayout.afterStep(core, o, store);
        if (o.delta() != null) {
            out.collect(fresh ? withEstimates(ModelUpdate.full(core.snapshot(now)), annotatorWeights.value(), id)
                    : ModelUpdate.delta(o.delta()));
        }
        for (AuditEvent a : o.events()) ctx.output(Tags.AUDIT, a);
    }

    @Override
    public void processElement1(LabeledExample ex, Context ctx, Collector<ModelUpdate> out) throws Exception {
        String id = ctx.getCurrentKey();
        ModelSpec m = spec.model(id).orElse(null);
        if (m == null) return; // the joiner only admits labels of known models
        LearnerCore core = cores.get(id);
        boolean fresh = core == null; // first version since this task (re)started: send it whole
        if (core == null) {
            core = LearnerStateLayout.restore(m, store);
            cores.put(id, core);
        }
        long now = ctx.timerService().currentProcessingTime();
        if (m.classes().isEmpty() && core.model().classes().size() >= MAX_UNDECLARED_CLASSES
                && !core.model().classes().contains(ex.label())) {
            // the human decision stands; the model just does not grow a class beyond the bound
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.LABEL_REJECTED, ex.recordId(), ex.model(), -1, -1, now)
                    .withLabel(ex.label(), ex.annotator()).because("too-many-classes"));
            return;
        }
        AnnotatorWeights weights = annotatorWeights.value();
        if (weights == null) weights = new AnnotatorWeights();
        LearningOutcome o = core.step(ex, weights.weightOf(ex.annotator(), core.model().classes().size()), now);
        LearnerStateLayout.afterStep(core, o, store);
        boolean refitted = false;
        if (ex.voters() != null) {
            refitted = weights.observe(ex.voterList(), ex.voteList());
            annotatorWeights.update(weights);
        }
        boolean whole = fresh || o.delta() == null || o.published().version() % FULL_EVERY == 0;
        ModelUpdate u = whole ? ModelUpdate.full(core.snapshot(now)) : ModelUpdate.delta(o.delta());
        out.collect(whole || refitted ? withEstimates(u, weights, id) : u);
        ctx.output(Tags.PUBLISHED, o.published());
        for (AuditEvent e : o.events()) ctx.output(Tags.AUDIT, e);
    }

    /**
     * The update with the annotators' estimated accuracies, for the Scorers to put on WEIGHTED consensus requests:
     * sent when refitted and with every whole version, so a Scorer restored without them (a savepoint of the build
     * before) has them again from the first version after the restart.
     */
    private static ModelUpdate withEstimates(ModelUpdate u, AnnotatorWeights weights, String model) {
        return weights == null ? u : u.withAccuracy(weights.estimates(model));
    }

    /** The current key's learner state in Flink's keyed state. */
    private record FlinkLearnerStore(ValueState<LearnerState> learner, MapState<Integer, double[]> cells,
                                     MapState<String, FrozenVersion> frozenVersions) implements LearnerStore {
        @Override
        public LearnerState state() throws Exception {
            return learner.value();
        }

        @Override
        public void state(LearnerState s) throws Exception {
            learner.update(s);
        }

        @Override
        public Iterable<Map.Entry<Integer, double[]>> chunks() throws Exception {
            return cells.entries();
        }

        @Override
        public void putChunk(int index, double[] values) throws Exception {
            cells.put(index, values);
        }

        @Override
        public void clearChunks() {
            cells.clear();
        }

        @Override
        public FrozenVersion frozen(String name) throws Exception {
            return frozenVersions.get(name);
        }

        @Override
        public void putFrozen(String name, FrozenVersion v) throws Exception {
            frozenVersions.put(name, v);
        }

        @Override
        public void removeFrozen(String name) throws Exception {
            frozenVersions.remove(name);
        }
    }
}
