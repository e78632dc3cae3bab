package io.triage.stage;

import org.apache.flink.api.common.state.ValueState;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A keyed {@link ValueState} read through a heap copy per key, for an operator with a handful of keys (the metrics
 * keyed by model) that reads its state for every event: the RocksDB read and the deserialization of the value are
 * paid once per key and operator instance instead of per event. Every write goes through to the state at once, so
 * a checkpoint holds exactly what it held before; the copies live only as long as this operator instance (a restore
 * or a rescale makes a new one, which reads the state again). Only correct if all writes of the state go through
 * here, with the current key given as {@code key}, and a value that is changed in place is written back with
 * {@link #update} before the key's next event, as for any value state.
 */
final class MirroredValue<K, V> {
    private static final Object ABSENT = new Object();
    private final ValueState<V> state;
    private final Map<K, Object> copies = new HashMap<>();

    MirroredValue(ValueState<V> state) {
        this.state = state;
    }

    @SuppressWarnings("unchecked")
    V value(K key) throws IOException {
        Object c = copies.get(key);
        if (c == null) {
            V v = state.value();
            copies.put(key, v == null ? ABSENT : v);
            return v;
        }
        return c == ABSENT ? null : (V) c;
    }

    void update(K key, V v) throws IOException {
        state.update(v);
        copies.put(key, v == null ? ABSENT : v);
    }

    void clear(K key) {
        state.clear();
        copies.put(key, ABSENT);
    }
}
