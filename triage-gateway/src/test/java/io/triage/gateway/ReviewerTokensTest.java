package io.triage.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReviewerTokensTest {
    @Test
    void aTokenNamesItsReviewerAndNothingElseDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.properties");
        Map<String, String> written = ReviewerTokens.write(file, List.of("alice", "bob"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ReviewerTokens tokens = ReviewerTokens.load(file);
        assertEquals(2, tokens.size());
        assertEquals(Optional.of("alice"), tokens.annotator(written.get("alice")));
        assertEquals(Optional.of("bob"), tokens.annotator(written.get("bob")));
        assertEquals(Optional.empty(), tokens.annotator(written.get("alice") + "x"));
        assertEquals(Optional.empty(), tokens.annotator(""));
        assertEquals(Optional.empty(), tokens.annotator(null));
    }

    @Test
    void refusesShortSharedOrUnknownEntries() {
        Properties shortToken = new Properties();
        shortToken.setProperty("reviewer.alice", "secret");
        assertThrows(IllegalArgumentException.class, () -> ReviewerTokens.of(shortToken, "t"));
        Properties shared = new Properties();
        shared.setProperty("reviewer.alice", "x".repeat(30));
        shared.setProperty("reviewer.bob", "x".repeat(30));
        assertThrows(IllegalArgumentException.class, () -> ReviewerTokens.of(shared, "t"));
        Properties unknown = new Properties();
        unknown.setProperty("admin", "x".repeat(30));
        assertThrows(IllegalArgumentException.class, () -> ReviewerTokens.of(unknown, "t"));
    }
}
