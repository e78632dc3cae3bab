package io.triage.security;

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
 * Writes a fresh keys file in the format {@link KeyRing#load} reads: a random 256-bit key per annotator
 * ({@code annotator.<id>=…}) and a random job secret ({@code job=…}), readable by its owner only.
 */
public final class KeyFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {}

    public static Path write(Path file, Collection<String> annotators) {
        StringBuilder b = new StringBuilder("# written by Triage: annotator.<id> = her key, job = the job secret\n");
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
