package io.triage.feature;

import io.triage.spec.FieldType;
import io.triage.spec.ModelSpec;
import org.tribuo.util.MurmurHash3;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed feature space of one model: declared numeric fields take the first indices (so they can be
 * standardised), everything else is hashed into {@code 2^hashBits} buckets after them. A fixed space means
 * no index ever shifts when a new category or token appears, so weights never need re-mapping.
 */
public final class FeatureSpace implements Serializable {
    /** MurmurHash3 (x86, 32 bit) seed of {@link #hashed}: part of the model, published with an export. */
    public static final int SEED = 0x7a1a6e;
    private final String[] numericFields;
    private final Map<String, FieldType> types;
    private final int buckets;
    /** The declared fields by name, looked up once per field of a record (no scan, no re-encoding). */
    private final Map<String, Field> declared = new HashMap<>();

    /**
     * A field as extraction needs it.
     *
     * @param type          its declared type, null when undeclared
     * @param numericIndex  its index when declared numeric, else -1
     * @param utf8          its name in UTF-8, the start of its hashed keys
     */
    public record Field(String name, FieldType type, int numericIndex, byte[] utf8) implements Serializable {}

    public FeatureSpace(ModelSpec spec) {
        List<String> numeric = new ArrayList<>();
        spec.features().forEach((name, type) -> {
            if (type == FieldType.NUMERIC) numeric.add(name);
        });
        this.numericFields = numeric.toArray(new String[0]);
        this.types = Map.copyOf(spec.features());
        this.buckets = 1 << spec.learning().hashBits();
        spec.features().forEach((name, type) -> declared.put(name,
                new Field(name, type, numeric.indexOf(name), name.getBytes(StandardCharsets.UTF_8))));
    }

    /** The field of this name, declared or not. */
    public Field field(String name) {
        Field f = declared.get(name);
        return f != null ? f : new Field(name, null, -1, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Total dimension D. */
    public int dimension() {
        return numericFields.length + buckets;
    }

    /** Number of leading, standardised numeric indices. */
    public int numericCount() {
        return numericFields.length;
    }

    public String[] numericFields() {
        return numericFields.clone();
    }

    /** The declared type of a field, or null when undeclared. */
    public FieldType typeOf(String field) {
        return types.get(field);
    }

    /** Index of a declared numeric field, or -1. */
    public int numericIndex(String field) {
        Field f = declared.get(field);
        return f == null ? -1 : f.numericIndex();
    }

    /** Number of hashed buckets, {@code 2^hashBits}. */
    public int buckets() {
        return buckets;
    }

    /** Bucket index of a hashed key ("field=value", "field~token", or "field#" for undeclared numbers). */
    public int hashed(String key) {
        return bucket(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same as {@code hashed(field + separator + value)} without building the string: the key's UTF-8 is the
     * name's, the (ASCII) separator's and the value's in a row, as the separator can pair no surrogate.
     */
    public int hashed(Field field, char separator, String value) {
        byte[] name = field.utf8();
        int n = name.length, len = value.length();
        byte[] b = new byte[n + 1 + len];
        System.arraycopy(name, 0, b, 0, n);
        b[n] = (byte) separator;
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) { // not ASCII: the encoder's way
                byte[] v = value.getBytes(StandardCharsets.UTF_8);
                b = Arrays.copyOf(b, n + 1 + v.length);
                System.arraycopy(v, 0, b, n + 1, v.length);
                return bucket(b);
            }
            b[n + 1 + i] = (byte) c;
        }
        return bucket(b);
    }

    private int bucket(byte[] b) {
        int h = MurmurHash3.murmurhash3_x86_32(b, 0, b.length, SEED);
        return numericFields.length + Math.floorMod(h, buckets);
    }
}
