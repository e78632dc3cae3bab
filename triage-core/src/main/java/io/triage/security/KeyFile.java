package io.triage.security;

import java.nio.file.Path;
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
        return SecretFile.write(file, b);
    }

    private static String key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
