package io.triage.cli;

import io.triage.export.ExportedVersion;
import io.triage.export.ModelExport;
import io.triage.savepoint.SavepointModels;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Exports a model version from a savepoint or retained checkpoint as a standard model file (Tribuo protobuf or
 * ONNX, the feature scaling folded into the weights) and its feature spec. Runs a local batch job with the State
 * Processor API, which the job jar leaves out: {@code bin/triage export} has it on its classpath.
 */
@Command(name = "export",
        description = "Export a model from a savepoint or retained checkpoint as a Tribuo or ONNX model plus its feature spec.")
public final class ExportCommand implements Callable<Integer> {
    // no standard help mixin: its --version would take the place of ours
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--savepoint", required = true, paramLabel = "PATH",
            description = "savepoint or retained checkpoint directory of the job")
    String savepoint;

    @Option(names = "--spec", required = true,
            description = "the job spec the state was written with (file, or a bundled name): the feature definitions")
    String spec;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a spec field (repeatable), as with run")
    java.util.List<String> set = new java.util.ArrayList<>();

    @Option(names = "--model", required = true, paramLabel = "ID", description = "model id")
    String model;

    @Option(names = "--format", defaultValue = "tribuo", paramLabel = "tribuo|onnx",
            description = "tribuo (Tribuo's protobuf model) or onnx (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--version", defaultValue = ExportedVersion.SERVING, paramLabel = "serving|learning",
            description = "the frozen serving version (the learning model when none is frozen), or the learning "
                    + "model's latest weights (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write into")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelExport.Format f = ModelExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        JobSpec s = SpecLoader.loadNamed(spec, set);
        ModelSpec m = s.model(model).orElseThrow(() -> new IllegalArgumentException(
                "the spec has no model " + model));
        try {
            Class.forName("org.apache.flink.state.api.SavepointReader");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("export needs flink-state-processor-api on the classpath: run it with bin/triage");
        }
        ExportedVersion v = SavepointModels.read(savepoint, model, version);
        ModelExport.Written w = ModelExport.write(m, v, f, out);
        System.out.printf("exported %s version %d (%s%s, %s) to %s and %s%n", v.model(), v.version(), v.selected(),
                v.frozen() ? ", frozen" : ", learning model", v.weights().digest(), w.model(), w.featureSpec());
        return 0;
    }
}
