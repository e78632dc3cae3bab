package io.triage.gateway;

import io.triage.security.SecretFile;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reviewer tokens, each bound to one annotator id: a file of {@code reviewer.<annotator>=<token>} lines (a
 * mounted Secret, or one {@link #write} made). A request's bearer token names who
 * sends it, so a reviewer can only ever label as themself. Only the tokens' SHA-256 digests are kept.
 */
public final class ReviewerTokens {
    private static final String PREFIX = "reviewer.";
    /** Shorter tokens are refused: a token is a password that is never typed, so it can be long. */
    static final int MIN_TOKEN_CHARS = 24;

    private final Map<String, String> annotatorByDigest;

    private ReviewerTokens(Map<String, String> annotatorByDigest) {
        this.annotatorByDigest = Map.copyOf(annotatorByDigest);
    }

    public static ReviewerTokens load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reviewer tokens " + file, e);
        }
        return of(p, file.toString());
    }

    static ReviewerTokens of(Properties p, String origin) {
        Map<String, String> byDigest = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                throw new IllegalArgumentException(origin + ": unknown entry '" + name + "' (expected reviewer.<annotator>)");
            }
            String annotator = name.substring(PREFIX.length());
            String token = p.getProperty(name).trim();
            if (annotator.isEmpty() || token.length() < MIN_TOKEN_CHARS) {
                throw new IllegalArgumentException(origin + ": " + name + " needs an annotator id and a token of at least "
                        + MIN_TOKEN_CHARS + " characters");
            }
            if (byDigest.put(digest(token), annotator) != null) {
                throw new IllegalArgumentException(origin + ": two reviewers share a token");
            }
        }
        return new ReviewerTokens(byDigest);
    }

    /** Writes a new tokens file (owner-only) with a random token per reviewer; returns annotator → token. */
    public static Map<String, String> write(Path file, Collection<String> annotators) {
        SecureRandom random = new SecureRandom();
        Map<String, String> tokens = new LinkedHashMap<>();
        StringBuilder b = new StringBuilder("# reviewer.<annotator> = her bearer token for the Triage gateway\n");
        for (String a : annotators) {
            byte[] t = new byte[24];
            random.nextBytes(t);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
            tokens.put(a, token);
            b.append(PREFIX).append(a).append('=').append(token).append('\n');
        }
        SecretFile.write(file, b);
        return tokens;
    }

    /** The annotator a bearer token belongs to. */
    public Optional<String> annotator(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : Optional.ofNullable(annotatorByDigest.get(digest(token)));
    }

    public int size() {
        return annotatorByDigest.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
