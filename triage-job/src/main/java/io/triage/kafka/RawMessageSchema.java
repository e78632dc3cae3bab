package io.triage.kafka;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.nio.charset.StandardCharsets;

/**
 * A Kafka message value as a UTF-8 string. A null value (a tombstone, or a producer sending no value) becomes
 * the empty string, which the parsers reject as "empty" into dead-letter: Flink's SimpleStringSchema throws a
 * NullPointerException on it, which fails the source task and, replayed after every restart, stalls the job.
 */
public final class RawMessageSchema implements DeserializationSchema<String> {
    @Override
    public String deserialize(byte[] message) {
        return message == null ? "" : new String(message, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isEndOfStream(String next) {
        return false;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
