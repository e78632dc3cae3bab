package io.triage.feature;

import java.util.Arrays;

/**
 * A record's features as read from its message, in message order, without boxing: what {@link FeatureExtractor}
 * extracts from on the record path. Filled by the decoder and reused for the next record (one per thread).
 */
public final class FeatureValues {
    public static final byte NULL = 0, NUMBER = 1, STRING = 2, BOOLEAN = 3;
    private String[] names = new String[16];
    private byte[] kinds = new byte[16];
    private double[] numbers = new double[16];
    private String[] strings = new String[16];
    private int size;
    /** Open addressing over the names' (cached) hash codes, to refuse a repeated name in O(1); slot = index + 1. */
    private int[] slots = new int[32];
    /** Names were appended without a slot ({@link #appendNumber}): the next checked add fills the slots first. */
    private boolean stale;

    /**
     * Empties it for the next record. The names and strings stay in their arrays until overwritten: a record of the
     * same layout then finds its names in place, and skips a reference store (and the collector's barrier) each.
     */
    public void clear() {
        if (slots.length > 64) slots = new int[32]; // after a record with many fields
        else Arrays.fill(slots, 0);
        size = 0;
        stale = false;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    /** A number's value, or 1/0 for a boolean. */
    public double number(int i) {
        return numbers[i];
    }

    public String string(int i) {
        return strings[i];
    }

    /* Each add returns false, adding nothing, when the name is there already. */

    public boolean addNull(String name) {
        return add(name, NULL, 0, null);
    }

    public boolean addNumber(String name, double v) {
        return add(name, NUMBER, v, null);
    }

    public boolean addString(String name, String v) {
        return add(name, STRING, 0, v);
    }

    public boolean addBoolean(String name, boolean v) {
        return add(name, BOOLEAN, v ? 1.0 : 0.0, null);
    }

    /**
     * As {@link #addNumber}, without the check: for a caller that knows the name differs from every name added so
     * far (a decoder that read the same distinct names at the same places in the previous message).
     */
    public void appendNumber(String name, double v) {
        append(name, NUMBER, v, null);
    }

    /** As {@link #appendNumber}, a string. */
    public void appendString(String name, String v) {
        append(name, STRING, 0, v);
    }

    private void append(String name, byte kind, double number, String string) {
        stale = true;
        put(name, kind, number, string);
    }

    private boolean add(String name, byte kind, double number, String string) {
        if (stale) {
            stale = false;
            int capacity = 32;
            while (2 * (size + 1) > capacity) capacity *= 2;
            rehash(capacity);
        } else if (2 * (size + 1) > slots.length) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int s = mix(name.hashCode()) & mask;
        while (slots[s] != 0) {
            if (names[slots[s] - 1].equals(name)) return false;
            s = (s + 1) & mask;
        }
        slots[s] = size + 1;
        put(name, kind, number, string);
        return true;
    }

    private void put(String name, byte kind, double number, String string) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            kinds = Arrays.copyOf(kinds, n);
            numbers = Arrays.copyOf(numbers, n);
            strings = Arrays.copyOf(strings, n);
        }
        if (names[size] != name) names[size] = name;
        if (strings[size] != string) strings[size] = string;
        kinds[size] = kind;
        numbers[size++] = number;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int i = 0; i < size; i++) {
            int s = mix(names[i].hashCode()) & (capacity - 1);
            while (slots[s] != 0) s = (s + 1) & (capacity - 1);
            slots[s] = i + 1;
        }
    }

    /** Names like f1, f2, … hash to neighbours: spread them (Fibonacci hashing) so that probes stay short. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
