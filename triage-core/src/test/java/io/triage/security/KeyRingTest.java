package io.triage.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    private static final String SECRET = Base64.getEncoder().encodeToString(
            "the-job-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    @Test
    void readsAnnotatorKeysAndDerivesSeparateJobKeys() throws Exception {
        Path f = Files.writeString(dir.resolve("k.properties"), "# comment\nannotator.alice="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[24]) + "\njob=" + SECRET + "\n");
        KeyRing k = KeyRing.load(f);
        assertArrayEquals(new byte[24], k.annotatorKey("alice"));
        assertNull(k.annotatorKey("bob"));
        assertTrue(k.hasJobSecret());
        assertNotNull(k.auditKey());
        assertFalse(Arrays.equals(k.auditKey(), k.reviewRequestKey()));
        // derived, not random: the same file gives the same keys after a restart
        assertArrayEquals(k.auditKey(), KeyRing.load(f).auditKey());
        assertFalse(k.toString().contains(SECRET));
    }

    @Test
    void noFileNoKeys() {
        KeyRing k = KeyRing.forFile(null);
        assertFalse(k.hasJobSecret());
        assertNull(k.auditKey());
        assertNull(k.reviewRequestKey());
    }

    @Test
    void badFilesFailWithoutShowingTheirContent() throws Exception {
        String e1 = assertThrows(IllegalStateException.class,
                () -> KeyRing.load(dir.resolve("missing.properties"))).getMessage();
        assertTrue(e1.contains("missing.properties"), e1);
        Path shortKey = Files.writeString(dir.resolve("s.properties"), "annotator.a=c2hvcnQ=\n");
        String e2 = assertThrows(IllegalStateException.class, () -> KeyRing.load(shortKey)).getMessage();
        assertFalse(e2.contains("c2hvcnQ="), e2);
        Path unknown = Files.writeString(dir.resolve("u.properties"), "jobb=" + SECRET + "\n");
        assertThrows(IllegalStateException.class, () -> KeyRing.load(unknown));
        Path notBase64 = Files.writeString(dir.resolve("n.properties"), "job=%%%%\n");
        assertThrows(IllegalStateException.class, () -> KeyRing.load(notBase64));
    }
}
