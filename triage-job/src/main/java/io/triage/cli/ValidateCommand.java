package io.triage.cli;

import io.triage.spec.JobSpec;
import io.triage.spec.SpecException;
import io.triage.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Checks job specs and names every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check job spec files.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "job spec files or bundled names (flights, fraud, digits)")
    String[] specs;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "override a field of every spec, validated like the file (repeatable): "
                    + "--set models[0].policy.targetPrecision=0.97")
    java.util.List<String> set = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        int bad = 0;
        for (String s : specs) {
            try {
                JobSpec spec = SpecLoader.loadNamed(s, set);
                System.out.println(s + ": ok (" + spec.models().size() + " model(s))");
            } catch (SpecException e) {
                bad++;
                System.out.println(s + ": " + e.getMessage());
            }
        }
        return bad == 0 ? 0 : 2;
    }
}
