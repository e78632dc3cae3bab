package io.triage.layout;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar a cluster runs is the job and nothing else: the job, the core and the connectors, but no demo,
 * test kit, benchmark or bundled dataset (those live in triage-local, triage-testkit and triage-bench), and no
 * Flink runtime or logging backend, which the cluster provides. Failsafe runs this after {@code package}.
 */
class JobJarIT {
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        Path jar = Path.of(System.getProperty("triage.jobJar", "triage-job/target/triage-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run `mvn verify` or `mvn -DskipTests package`");
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void holdsTheJobTheCoreAndTheConnector() {
        for (String needed : List.of("io/triage/TriageJob.class", "io/triage/cli/Main.class",
                "io/triage/stage/Scorer.class", "io/triage/learn/LearnerCore.class", "io/triage/codec/Json.class",
                "io/triage/testhooks/FaultHooks.class", "io/triage/cli/ExportCommand.class", "jobs/fraud.yaml",
                "org/apache/flink/connector/kafka/sink/KafkaSink.class", "org/tribuo/Model.class")) {
            assertTrue(entries.contains(needed), "the job jar lacks " + needed);
        }
    }

    @Test
    void holdsNoDemoTestKitBenchmarkOrData() {
        List<String> foreign = entries.stream()
                .filter(e -> e.startsWith("io/triage/local/") || e.startsWith("io/triage/testkit/")
                        || e.startsWith("io/triage/bench/") || e.startsWith("data/")
                        || e.endsWith(".csv.gz") || e.endsWith(".csv") || e.endsWith(".arff"))
                .toList();
        assertEquals(List.of(), foreign, "classes or data that are not the job");
    }

    @Test
    void leavesTheRuntimeToTheCluster() {
        List<String> provided = entries.stream()
                .filter(e -> e.startsWith("org/apache/flink/streaming/api/environment/")
                        || e.startsWith("org/apache/flink/runtime/") || e.startsWith("org/apache/logging/log4j/")
                        || e.startsWith("org/slf4j/") || e.startsWith("kafka/server/") || e.startsWith("org/junit/")
                        // `export`'s savepoint reader is its caller's (bin/triage); ONNX Runtime only scores in tests
                        || e.startsWith("org/apache/flink/state/api/") || e.startsWith("ai/onnxruntime/"))
                .limit(5).toList();
        assertEquals(List.of(), provided, "what the cluster provides (or tests need) was shaded in");
    }
}
