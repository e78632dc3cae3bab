package io.triage.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
        Path p = Path.of(nameOrPath);
        if (Files.exists(p)) return load(p);
        Path local = Path.of("jobs", nameOrPath.endsWith(".yaml") ? nameOrPath : nameOrPath + ".yaml");
        if (Files.exists(local)) return load(local);
        InputStream in = SpecLoader.class.getResourceAsStream("/" + local.toString().replace('\\', '/'));
        if (in == null) throw new SpecException(List.of(nameOrPath + ": no such job spec file or bundled spec"));
        try (in) {
            return parse(in, nameOrPath);
        } catch (IOException e) {
            throw new SpecException(List.of(nameOrPath + ": cannot read (" + e.getMessage() + ")"));
        }
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
