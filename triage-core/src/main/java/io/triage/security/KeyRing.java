package io.triage.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The job's secrets, read from one properties file ({@code review.keysFile}) on the TaskManager that needs them:
 * <pre>
 * annotator.alice=&lt;base64 key&gt;   # per annotator: verifies her labels' signatures
 * job=&lt;base64 secret&gt;            # the job's own: signs review requests, keys the audit draw
 * </pre>
 * Keys are ≥ 16 bytes, base64 (standard or URL-safe). The review-request and audit keys are derived from the
 * job secret (HMAC of a fixed label), so a restart with the same file verifies what was written before it and
 * draws the same audits. Neither the keys nor this object ever travel in the job graph, and no method prints a key.
 */
public final class KeyRing {
    private static final int MIN_KEY_BYTES = 16;
    private static final String ANNOTATOR = "annotator.";
    private static final String JOB = "job";

    private final Map<String, byte[]> annotators;
    private final byte[] job;

    private KeyRing(Map<String, byte[]> annotators, byte[] job) {
        this.annotators = annotators;
        this.job = job;
    }

    public static KeyRing none() {
        return new KeyRing(Map.of(), null);
    }

    /** The keys file named by the spec, or no keys when it names none. */
    public static KeyRing forFile(String keysFile) {
        return keysFile == null || keysFile.isBlank() ? none() : load(Path.of(keysFile));
    }

    public static KeyRing load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            // the path, never the content
            throw new IllegalStateException("keys file " + file + ": cannot read (" + e.getClass().getSimpleName()
                    + "); mount it on every TaskManager (README \"On a cluster\")", e);
        }
        return parse(p, file.toString());
    }

    static KeyRing parse(Properties p, String origin) {
        Map<String, byte[]> annotators = new HashMap<>();
        byte[] job = null;
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(ANNOTATOR) && name.length() > ANNOTATOR.length()) {
                annotators.put(name.substring(ANNOTATOR.length()), decode(p.getProperty(name), origin, name));
            } else if (name.equals(JOB)) {
                job = decode(p.getProperty(name), origin, name);
            } else {
                throw new IllegalStateException("keys file " + origin + ": unknown entry '" + name
                        + "' (expected annotator.<id> or job)");
            }
        }
        return new KeyRing(Map.copyOf(annotators), job);
    }

    private static byte[] decode(String value, String origin, String name) {
        byte[] k;
        String v = value.trim();
        try {
            k = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("keys file " + origin + ": '" + name + "' is not base64");
        }
        if (k.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("keys file " + origin + ": '" + name + "' is shorter than "
                    + MIN_KEY_BYTES + " bytes");
        }
        return k;
    }

    /** The annotator's key, or null when she has none. */
    public byte[] annotatorKey(String annotator) {
        byte[] k = annotators.get(annotator);
        return k == null ? null : k.clone();
    }

    public boolean hasJobSecret() {
        return job != null;
    }

    /** Key of the review requests' signatures, or null without a job secret. */
    public byte[] reviewRequestKey() {
        return derive("triage/review-requests/v1");
    }

    /** Key of the audit draw, or null without a job secret. */
    public byte[] auditKey() {
        return derive("triage/audit-draw/v1");
    }

    /** One secret, separate keys per use: a leaked request signature says nothing about the audit draw. */
    private byte[] derive(String purpose) {
        return job == null ? null : Hmac.sha256(job, purpose);
    }

    @Override
    public String toString() {
        return "KeyRing[" + annotators.size() + " annotator keys, job secret " + (job != null ? "set" : "absent") + "]";
    }
}
