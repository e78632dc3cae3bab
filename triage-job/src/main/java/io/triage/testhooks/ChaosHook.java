package io.triage.testhooks;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.io.IOException;
import java.io.Serializable;

/**
 * The pass-through fault hook in front of an operator (a {@code FaultHooks} function), which fails its task
 * when its {@link Trigger} says so: on an element, right after a checkpoint completed
 * ({@link CheckpointListener#notifyCheckpointComplete}), in {@link CheckpointedFunction#snapshotState}, or while
 * its operator state is serialised in the asynchronous part of the snapshot (a marker element whose serializer
 * throws). Flink's map operator forwards both interfaces to the function. Only a chaos run or
 * {@code run --test-hook-dir} installs these hooks; otherwise the job has none, and armed or not they never
 * touch the records.
 */
final class ChaosHook<T> implements MapFunction<T, T>, CheckpointListener, CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** The marker element that fails its own serialisation. */
    static final long POISON = Long.MIN_VALUE;

    /** Whether a failure is armed for this target and phase, claimed by the caller (once). */
    interface Trigger extends Serializable {
        boolean claim(FaultSwitch.Target t, FaultSwitch.Phase p);
    }

    private final Trigger trigger;
    private final FaultSwitch.Target target;
    private transient ListState<Long> marker;

    ChaosHook(Trigger trigger, FaultSwitch.Target target) {
        this.trigger = trigger;
        this.target = target;
    }

    @Override
    public T map(T value) {
        if (trigger.claim(target, FaultSwitch.Phase.ELEMENT)) {
            throw new FaultSwitch.InjectedFailure("injected failure in front of the " + target);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (trigger.claim(target, FaultSwitch.Phase.AFTER_CHECKPOINT)) {
            throw new FaultSwitch.InjectedFailure("injected failure right after checkpoint " + checkpointId
                    + " completed, in front of the " + target);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        if (trigger.claim(target, FaultSwitch.Phase.SNAPSHOT)) {
            throw new FaultSwitch.InjectedFailure("injected failure in snapshotState of checkpoint "
                    + ctx.getCheckpointId() + ", in front of the " + target);
        }
        marker.clear();
        marker.add(trigger.claim(target, FaultSwitch.Phase.ASYNC_SNAPSHOT) ? POISON : ctx.getCheckpointId());
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        marker = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("chaos-marker", MarkerSerializer.INSTANCE));
    }

    /** A long serializer that throws on {@link #POISON}: it runs in the asynchronous part of the snapshot. */
    static final class MarkerSerializer extends TypeSerializerSingleton<Long> {
        private static final long serialVersionUID = 1L;
        static final MarkerSerializer INSTANCE = new MarkerSerializer();

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public Long createInstance() {
            return 0L;
        }

        @Override
        public Long copy(Long from) {
            return from;
        }

        @Override
        public Long copy(Long from, Long reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return Long.BYTES;
        }

        @Override
        public void serialize(Long v, DataOutputView out) throws IOException {
            if (v == POISON) {
                throw new FaultSwitch.InjectedFailure("injected failure in the asynchronous part of a snapshot ("
                        + Thread.currentThread().getName() + ")");
            }
            out.writeLong(v);
        }

        @Override
        public Long deserialize(DataInputView in) throws IOException {
            return in.readLong();
        }

        @Override
        public Long deserialize(Long reuse, DataInputView in) throws IOException {
            return in.readLong();
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            out.writeLong(in.readLong());
        }

        @Override
        public TypeSerializerSnapshot<Long> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer (instantiated by name: public, no arguments). */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Long> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
