package io.triage.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest that identifies a model version: SHA-256 over the dimension, the classes and the SHA-256 of each
 * chunk of {@link WeightChunks#SIZE} weights (row-major K x (D+1), exact bits). A hash of chunk hashes, so the
 * Learner, whose label changes a few chunks, re-hashes only those: the cost per published version does not
 * grow with the model (hashing every weight per label took 1.3 ms at 2^16 features and grows linearly).
 * Written as {@code sha256-chunks:<hex>}; builds before it published a flat SHA-256 as bare hex.
 */
public final class WeightDigest {
    public static final String PREFIX = "sha256-chunks:";

    private final String[] classes;
    private final int dimension;
    private final byte[][] chunkHashes;

    /** The digest of these weights, every chunk hashed. */
    public WeightDigest(String[] classes, int dimension, double[] weights) {
        this.classes = classes.clone();
        this.dimension = dimension;
        this.chunkHashes = new byte[WeightChunks.count(weights.length)][];
        for (int c = 0; c < chunkHashes.length; c++) chunkHashes[c] = hashChunk(weights, c);
    }

    /** Re-hashes the chunks holding {@code cells} after those weights changed (the class set did not). */
    public void update(double[] weights, int[] cells) {
        for (int c : WeightChunks.touched(cells)) chunkHashes[c] = hashChunk(weights, c);
    }

    /** The digest as published. */
    public String hex() {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(8);
        md.update(buf.putInt(0, dimension).putInt(4, classes.length).array());
        for (String c : classes) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            md.update(buf.putInt(0, b.length).array(), 0, 4); // length prefix: no ambiguity
            md.update(b);
        }
        for (byte[] h : chunkHashes) md.update(h);
        return PREFIX + HexFormat.of().formatHex(md.digest());
    }

    private static byte[] hashChunk(double[] weights, int chunk) {
        int from = chunk * WeightChunks.SIZE;
        int len = Math.min(WeightChunks.SIZE, weights.length - from);
        ByteBuffer bits = ByteBuffer.allocate(len * Double.BYTES); // big-endian
        for (int i = 0; i < len; i++) bits.putLong(Double.doubleToLongBits(weights[from + i]));
        return sha256().digest(bits.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
