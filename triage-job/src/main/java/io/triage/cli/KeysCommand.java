package io.triage.cli;

import io.triage.security.KeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Writes a fresh keys file (review.keysFile): a random key per annotator and a random job secret. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Write a new keys file: a random key per annotator and a random job secret (mode 600).")
public final class KeysCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "file to write (refused if it exists)")
    Path out;

    @Option(names = "--annotators", split = ",", required = true, description = "annotator ids, comma-separated")
    List<String> annotators;

    @Override
    public Integer call() {
        if (Files.exists(out)) {
            // a new job secret would invalidate every pending review request and change the audit draw
            System.err.println(out + " exists: not overwritten");
            return 1;
        }
        KeyFile.write(out, annotators);
        System.out.println("wrote " + out + " (" + annotators.size() + " annotator keys and a job secret); give each "
                + "annotator her key, mount the file on every TaskManager, never commit it");
        return 0;
    }
}
