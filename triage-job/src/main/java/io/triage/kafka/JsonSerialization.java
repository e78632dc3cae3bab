package io.triage.kafka;

import io.triage.codec.Json;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.charset.StandardCharsets;

/** Any output event as one JSON object (UTF-8). */
public final class JsonSerialization<T> implements SerializationSchema<T> {
    @Override
    public byte[] serialize(T element) {
        return Json.write(element).getBytes(StandardCharsets.UTF_8);
    }
}
