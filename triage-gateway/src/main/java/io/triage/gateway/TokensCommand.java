package io.triage.gateway;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code triage tokens}: a new reviewer tokens file for the gateway. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Write a new reviewer tokens file for `triage gateway`: a random bearer token per reviewer (mode 600).")
public final class TokensCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "file to write (refused if it exists)")
    Path out;

    @Option(names = "--reviewers", split = ",", required = true, description = "annotator ids, comma-separated")
    List<String> reviewers;

    @Override
    public Integer call() {
        if (Files.exists(out)) {
            // new tokens would lock out every reviewer who has one
            System.err.println(out + " exists: not overwritten");
            return 1;
        }
        Map<String, String> tokens = ReviewerTokens.write(out, reviewers);
        System.out.println("wrote " + out + " (" + tokens.size() + " reviewer tokens); give each reviewer hers, "
                + "never commit the file");
        return 0;
    }
}
