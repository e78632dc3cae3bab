package io.triage.feature;

import io.triage.spec.FieldType;
import io.triage.spec.ModelSpec;
import org.tribuo.util.MurmurHash3;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    public FeatureSpace(ModelSpec spec) {
        List<String> numeric = new ArrayList<>();
        spec.features().forEach((name, type) -> {
            if (type == FieldType.NUMERIC) numeric.add(name);
        });
        this.numericFields = numeric.toArray(new String[0]);
        this.types = Map.copyOf(spec.features());
        this.buckets = 1 << spec.learning().hashBits();
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
        for (int i = 0; i < numericFields.length; i++) {
            if (numericFields[i].equals(field)) return i;
        }
        return -1;
    }

    /** Number of hashed buckets, {@code 2^hashBits}. */
    public int buckets() {
        return buckets;
    }

    /** Bucket index of a hashed key ("field=value", "field~token", or "field#" for undeclared numbers). */
    public int hashed(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        int h = MurmurHash3.murmurhash3_x86_32(b, 0, b.length, SEED);
        return numericFields.length + Math.floorMod(h, buckets);
    }
}
