package io.triage.kafka;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.function.SerializableFunction;

import java.nio.charset.StandardCharsets;

/** Kafka message key from an event (record id or model id), so one record's events share a partition. */
public final class KeyOf<T> implements SerializationSchema<T> {
    private final SerializableFunction<T, String> key;

    public KeyOf(SerializableFunction<T, String> key) {
        this.key = key;
    }

    @Override
    public byte[] serialize(T element) {
        String k = key.apply(element);
        return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
    }
}
