package io.triage.cli;

import io.triage.spec.JobSpec;
import io.triage.spec.SpecException;
import io.triage.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Checks job specs and names every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check job spec files.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "job spec files or bundled names (flights, fraud, digits)")
    String[] specs;

    @Override
    public Integer call() {
        int bad = 0;
        for (String s : specs) {
            try {
                JobSpec spec = SpecLoader.loadNamed(s);
                System.out.println(s + ": ok (" + spec.models().size() + " model(s))");
            } catch (SpecException e) {
                bad++;
                System.out.println(s + ": " + e.getMessage());
            }
        }
        return bad == 0 ? 0 : 2;
    }
}
