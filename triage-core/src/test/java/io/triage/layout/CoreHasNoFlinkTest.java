package io.triage.layout;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The core is the part the job, the replay and the benchmarks share, so it must build and run without Flink or
 * Kafka. The build's enforcer rule bans Flink dependencies; this checks what actually reached the classpath.
 */
class CoreHasNoFlinkTest {
    @Test
    void noFlinkOrKafkaClassLoads() {
        for (String name : List.of("org.apache.flink.api.common.functions.Function",
                "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
                "org.apache.kafka.clients.producer.KafkaProducer")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the core's classpath");
        }
    }

    @Test
    void noFlinkOrKafkaJarOnTheClasspath() {
        List<String> offending = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.replace('\\', '/').matches(".*/org/apache/(flink|kafka)/.*")).toList();
        assertEquals(List.of(), offending);
    }
}
