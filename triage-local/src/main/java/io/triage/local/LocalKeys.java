package io.triage.local;

import io.triage.security.KeyFile;
import io.triage.security.KeyRing;
import io.triage.spec.JobSpec;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Secrets for a run on this machine (demo, chaos, agreement): a fresh keys file with a random key per simulated
 * reviewer and a random job secret, and the spec pointed at it — so local runs sign and verify exactly as a
 * deployment does. The file is readable by its owner only.
 */
public final class LocalKeys {
    /**
     * @param spec the spec to run (its review.keysFile is replaced)
     * @param file the keys file it now names
     * @param keys the same keys, for the simulated reviewers to sign with
     */
    public record Provisioned(JobSpec spec, Path file, KeyRing keys) {}

    private LocalKeys() {}

    public static Provisioned provision(JobSpec spec, Path dir, Collection<String> annotators) {
        Path file = KeyFile.write(dir.resolve("keys.properties"), annotators);
        return new Provisioned(spec.withReview(spec.review().withKeysFile(file.toAbsolutePath().toString())), file,
                KeyRing.load(file));
    }
}
