package io.triage.stage;

import io.triage.event.AuditEvent;
import io.triage.event.AuditType;
import io.triage.event.LabeledExample;
import io.triage.event.ModelUpdate;
import io.triage.feature.FeatureSpace;
import io.triage.learn.LearnerCore;
import io.triage.learn.LearnerState;
import io.triage.learn.LearningOutcome;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import io.triage.model.FrozenVersion;
import io.triage.model.ModelState;
import io.triage.model.OnlineModel;
import io.triage.model.WeightChunks;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Keyed by model id: applies each verified label to that model's {@link LearnerCore} and publishes the new
 * version (main output, broadcast to the Scorers: a delta, or the whole model every {@link #FULL_EVERY}
 * versions, on the first version after a (re)start and when a class appears), its log entry and audit
 * events.
 *
 * <p>State, written after every label so a checkpoint always holds it whole: the core's {@link LearnerState}
 * without the model cells, and the cells (weights and AdaGrad accumulators) in {@link WeightChunks}, of which
 * a label rewrites only those its example touched. Rewriting the whole model per label (megabytes at 2^16
 * hashed features) filled RocksDB's memtable, which every checkpoint then flushed while the label path
 * waited. State written by builds that kept the cells inline ({@code weightChunk == 0}) moves into chunks on
 * its model's first label. The frozen versions of the threshold policy (the serving one and its challenger) are
 * written only when one changes: they are whole models, and change every few hundred labels.
 */
public class Learner extends KeyedProcessFunction<String, LabeledExample, ModelUpdate> {
    /** Versions between whole-model broadcasts: a Scorer that missed a delta catches up at the next one. */
    public static final int FULL_EVERY = 256;

    private final JobSpec spec;
    private transient ValueState<LearnerState> state;
    private transient MapState<Integer, double[]> cells;
    private transient MapState<String, FrozenVersion> frozen;
    private transient Map<String, LearnerCore> cores;

    public Learner(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("learner", TypeInformation.of(LearnerState.class)));
        cells = getRuntimeContext().getMapState(new MapStateDescriptor<>("learner-cells", Types.INT,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        frozen = getRuntimeContext().getMapState(new MapStateDescriptor<>("learner-frozen", Types.STRING,
                TypeInformation.of(FrozenVersion.class)));
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
            core = restore(m);
            cores.put(id, core);
        }
        long now = ctx.timerService().currentProcessingTime();
        if (m.classes().isEmpty() && core.model().classes().size() >= MAX_UNDECLARED_CLASSES
                && !core.model().classes().contains(ex.label())) {
            // the human decision stands; the model just does not grow a class beyond the bound
            ctx.output(Tags.AUDIT, AuditEvent.of(AuditType.LABEL_REJECTED, ex.recordId(), ex.model(), -1, -1, now)
                    .withLabel(ex.label(), ex.annotator()).withReason("too-many-classes", Double.NaN));
            return;
        }
        LearningOutcome o = core.step(ex, now);
        store(core, o.changedCells());
        if (o.frozenChanged()) storeFrozen(core);
        boolean whole = fresh || o.delta() == null || o.published().version() % FULL_EVERY == 0;
        out.collect(whole ? ModelUpdate.full(core.snapshot(now)) : ModelUpdate.delta(o.delta()));
        ctx.output(Tags.PUBLISHED, o.published());
        for (AuditEvent e : o.events()) ctx.output(Tags.AUDIT, e);
    }

    /** The current key's core from state (a fresh one without state); inline cells move into chunks. */
    private LearnerCore restore(ModelSpec m) throws Exception {
        FeatureSpace space = new FeatureSpace(m);
        LearnerState s = state.value();
        if (s == null || s.weightChunk() == 0) { // a new model, or an older build's layout: write every chunk
            LearnerCore core = s == null ? new LearnerCore(m, space) : LearnerCore.restore(m, space, s);
            store(core, null);
            storeFrozen(core);
            return core;
        }
        if (s.weightChunk() != WeightChunks.SIZE) {
            throw new IllegalStateException("learner state of " + s.model() + " has chunks of " + s.weightChunk()
                    + " cells, this build reads " + WeightChunks.SIZE);
        }
        ModelState shape = s.weights();
        return LearnerCore.restore(m, space,
                s.withCells(WeightChunks.assemble(shape.classes(), shape.dimension(), shape.updates(), cells.entries())),
                frozen.get(SERVING), frozen.get(CHALLENGER));
    }

    /** Classes a model without declared {@code classes} may learn: a bound on what labels alone can make it grow. */
    public static final int MAX_UNDECLARED_CLASSES = 64;

    private static final String SERVING = "serving";
    private static final String CHALLENGER = "challenger";

    private void storeFrozen(LearnerCore core) throws Exception {
        putOrRemove(SERVING, core.serving());
        putOrRemove(CHALLENGER, core.challenger());
    }

    private void putOrRemove(String key, FrozenVersion v) throws Exception {
        if (v == null) frozen.remove(key);
        else frozen.put(key, v);
    }

    /** Writes the core's state: the changed chunks, or all of them when {@code changedCells} is null. */
    private void store(LearnerCore core, int[] changedCells) throws Exception {
        OnlineModel model = core.model();
        if (changedCells == null) {
            cells.clear();
            int n = WeightChunks.count(model.classes().size() * (model.dimension() + 1));
            for (int c = 0; c < n; c++) cells.put(c, WeightChunks.read(model, c));
        } else {
            for (int c : WeightChunks.touched(changedCells)) cells.put(c, WeightChunks.read(model, c));
        }
        state.update(core.stateWithoutCells(WeightChunks.SIZE));
    }
}
