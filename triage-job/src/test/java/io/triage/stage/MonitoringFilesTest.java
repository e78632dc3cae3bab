package io.triage.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules, dashboard and Kubernetes example use only metrics the job registers
 * ({@link ModelGauges}), and turn on the reporter conf/config.yaml turns on.
 */
class MonitoringFilesTest {
    private static final Pattern METRIC = Pattern.compile("flink_taskmanager_job_task_operator_triage_model_(\\w+)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Set<String> registered() {
        Set<String> names = new HashSet<>();
        Arrays.stream(ModelGauges.Name.values()).forEach(n -> names.add(n.name()));
        names.add("route_records");
        names.add("reviewLatencyMs");
        names.add("reviewLatencyMs_count");
        names.add("labelToServingMs");
        names.add("labelToServingMs_count");
        names.add("annotator_accuracy");
        return names;
    }

    private static Set<String> used(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void alertRulesUseRegisteredMetrics() throws Exception {
        String text = Files.readString(Path.of("conf/monitoring/triage-alerts.yaml"));
        JsonNode rules = YAML.readTree(text).path("groups").get(0).path("rules");
        assertTrue(rules.size() >= 4, "rules: " + rules);
        for (JsonNode r : rules) assertFalse(r.path("expr").asText().isBlank(), r.toString());
        Set<String> used = used(text);
        assertTrue(used.containsAll(Set.of("estimatedPrecision", "targetPrecision", "reviewAlarm", "labelsApplied")), used.toString());
        used.removeAll(registered());
        assertTrue(used.isEmpty(), "alert rules use metrics the job does not register: " + used);
    }

    @Test
    void theDashboardUsesRegisteredMetrics() throws Exception {
        String text = Files.readString(Path.of("conf/monitoring/triage-dashboard.json"));
        JsonNode dash = new ObjectMapper().readTree(text);
        assertEquals("triage", dash.path("uid").asText());
        assertTrue(dash.path("panels").size() >= 6);
        Set<String> used = used(text);
        used.removeAll(registered());
        assertTrue(used.isEmpty(), "the dashboard uses metrics the job does not register: " + used);
    }

    @Test
    void theKubernetesExampleTurnsOnTheSameReporterAndOpensItsPort() throws Exception {
        String config = Files.readString(Path.of("conf/config.yaml"));
        JsonNode deployment = YAML.readTree(Files.readString(Path.of("conf/k8s/flinkdeployment.yaml")));
        String factory = deployment.path("spec").path("flinkConfiguration").path("metrics.reporter.prom.factory.class").asText();
        assertTrue(config.contains("metrics.reporter.prom.factory.class: " + factory), factory);
        String port = deployment.path("spec").path("flinkConfiguration").path("metrics.reporter.prom.port").asText();
        JsonNode container = deployment.path("spec").path("podTemplate").path("spec").path("containers").get(0);
        assertEquals(port, container.path("ports").get(0).path("containerPort").asText());
        assertEquals("metrics", container.path("ports").get(0).path("name").asText());
        JsonNode monitor = YAML.readTree(Files.readString(Path.of("conf/k8s/podmonitor.yaml")));
        assertEquals("metrics", monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText());
    }
}
