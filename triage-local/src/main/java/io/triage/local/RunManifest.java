package io.triage.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.spec.JobSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a run was, written into its summary so that a figure can be traced back and the run repeated: the command
 * line, the dataset and seed, the true change points when the stream knows them, the job spec, the reviewers'
 * accuracies, the source revision and the versions of what ran.
 *
 * @param command the arguments the run was started with
 * @param dataset the dataset's name or file
 * @param seed    the run's random seed
 */
public record RunManifest(List<String> command, String dataset, long seed) {
    public RunManifest {
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** A run started from code rather than a command line. */
    public static RunManifest of(String dataset, long seed) {
        return new RunManifest(List.of(), dataset, seed);
    }

    /** The manifest as JSON, with what only the running demo knows. */
    public ObjectNode toJson(JobSpec spec, RecordStream stream, ReviewTeam.Settings team) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.set("command", Json.MAPPER.valueToTree(command));
        m.put("dataset", dataset);
        m.put("seed", seed);
        m.set("changePoints", Json.MAPPER.valueToTree(stream instanceof DriftingStream d ? d.changePoints() : new long[0]));
        ObjectNode reviewers = m.putObject("reviewerAccuracy"); // as configured: the notebook sets estimates beside it
        for (int i = 0; i < team.reviewers().size(); i++) reviewers.put(team.reviewers().get(i), team.accuracy()[i]);
        ObjectNode specJson = Json.MAPPER.valueToTree(spec);
        // Kafka client properties may hold credentials (e.g. sasl.jaas.config): their values stay out of a summary
        if (specJson.path("kafka").path("properties") instanceof ObjectNode props) {
            props.fieldNames().forEachRemaining(k -> props.put(k, "(not recorded)"));
        }
        m.set("spec", specJson);
        m.put("gitRevision", gitRevision());
        ObjectNode v = m.putObject("versions");
        v.put("java", System.getProperty("java.version"));
        v.put("flink", org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
        v.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        v.put("tribuo", org.tribuo.Tribuo.VERSION);
        return m;
    }

    /** The checkout's revision (with "-dirty" when it has uncommitted changes), or "unknown" outside one. */
    static String gitRevision() {
        String head = git("rev-parse", "HEAD");
        if (head == null) return "unknown";
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "-dirty";
    }

    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(prepend("git", args)).redirectErrorStream(true).start(); // in the run's directory
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null; // no git here: the revision is unknown, the run is still described
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
