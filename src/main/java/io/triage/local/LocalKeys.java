package io.triage.local;

import io.triage.security.KeyRing;
import io.triage.spec.JobSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;

/**
 * Secrets for a run on this machine (demo, chaos, agreement): a fresh keys file with a random key per simulated
 * reviewer and a random job secret, and the spec pointed at it — so local runs sign and verify exactly as a
 * deployment does. The file is readable by its owner only.
 */
public final class LocalKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param spec the spec to run (its review.keysFile is replaced)
     * @param file the keys file it now names
     * @param keys the same keys, for the simulated reviewers to sign with
     */
    public record Provisioned(JobSpec spec, Path file, KeyRing keys) {}

    private LocalKeys() {}

    public static Provisioned provision(JobSpec spec, Path dir, Collection<String> annotators) {
        Path file = write(dir.resolve("keys.properties"), annotators);
        return new Provisioned(spec.withReview(spec.review().withKeysFile(file.toAbsolutePath().toString())), file,
                KeyRing.load(file));
    }

    public static Path write(Path file, Collection<String> annotators) {
        StringBuilder b = new StringBuilder("# written by Triage for a local run: annotator.<id> = her key, job = the job secret\n");
        for (String a : annotators) b.append("annotator.").append(a).append('=').append(key()).append('\n');
        b.append("job=").append(key()).append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys file " + file, e);
        }
        return file;
    }

    private static String key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
