package io.triage.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a job spec from YAML and validates it. */
public final class SpecLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SpecLoader() {}

    public static JobSpec load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new SpecException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    /** Loads a spec shipped on the classpath under {@code /jobs/}, or a file path. */
    public static JobSpec loadNamed(String nameOrPath) {
        return loadNamed(nameOrPath, List.of());
    }

    /**
     * Loads a spec shipped on the classpath under {@code /jobs/}, or a file path, with {@code path=value}
     * overrides applied to its YAML before it is read and validated (see {@link SpecOverrides}).
     */
    public static JobSpec loadNamed(String nameOrPath, List<String> overrides) {
        Path p = Path.of(nameOrPath);
        Path local = Path.of("jobs", nameOrPath.endsWith(".yaml") ? nameOrPath : nameOrPath + ".yaml");
        InputStream in = null;
        try {
            if (Files.exists(p)) in = Files.newInputStream(p);
            else if (Files.exists(local)) in = Files.newInputStream(local);
            else in = SpecLoader.class.getResourceAsStream("/" + local.toString().replace('\\', '/'));
            if (in == null) throw new SpecException(List.of(nameOrPath + ": no such job spec file or bundled spec"));
            try (InputStream source = in) {
                if (overrides.isEmpty()) return parse(source, nameOrPath);
                JsonNode tree = YAML.readTree(source);
                if (tree == null || !tree.isObject()) throw new SpecException(List.of(nameOrPath + ": empty spec"));
                return parse(SpecOverrides.apply((ObjectNode) tree, overrides), nameOrPath);
            }
        } catch (IOException e) {
            throw new SpecException(List.of(nameOrPath + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    /** A scalar or YAML flow value as the spec's YAML would hold it ("0.97", "true", "[a, b]", "null"). */
    static JsonNode yamlValue(String text) throws IOException {
        JsonNode v = YAML.readTree(text.isEmpty() ? "''" : text);
        return v == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v;
    }

    /**
     * The spec as YAML that {@link #parse(String)} reads back to an equal spec (every field written, defaults
     * included): for specs built in code that must reach a process that reads files, e.g. `run` on a cluster.
     */
    public static String toYaml(JobSpec spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write spec " + spec.name(), e);
        }
    }

    public static JobSpec parse(String yaml) {
        try {
            return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "spec");
        } catch (IOException e) {
            throw new SpecException(List.of("spec: " + e.getMessage()));
        }
    }

    private static JobSpec parse(JsonNode tree, String origin) {
        JobSpec spec;
        try {
            spec = YAML.treeToValue(tree, JobSpec.class);
        } catch (JsonMappingException e) {
            throw new SpecException(List.of(path(e) + ": " + e.getOriginalMessage().split("\n")[0]));
        } catch (IOException e) {
            throw new SpecException(List.of(origin + ": " + e.getMessage()));
        }
        if (spec == null) throw new SpecException(List.of(origin + ": empty spec"));
        return spec.validated();
    }

    private static JobSpec parse(InputStream in, String origin) throws IOException {
        JobSpec spec;
        try {
            spec = YAML.readValue(in, JobSpec.class);
        } catch (JsonMappingException e) {
            throw new SpecException(List.of(path(e) + ": " + e.getOriginalMessage().split("\n")[0]));
        }
        if (spec == null) throw new SpecException(List.of(origin + ": empty spec"));
        return spec.validated();
    }

    /** "models[0].policy.targetPrecision" from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
            else if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
        }
        return b.length() == 0 ? "spec" : b.toString();
    }
}
