package io.triage.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems with the path of the field each is about. */
final class Problems {
    private final List<String> list = new ArrayList<>();

    void check(boolean ok, String path, String problem) {
        if (!ok) list.add(path + ": " + problem);
    }

    void range(double v, double lo, double hi, String path) {
        check(v >= lo && v <= hi && !Double.isNaN(v), path, "must be in [" + lo + ", " + hi + "], was " + v);
    }

    void positive(double v, String path) {
        check(v > 0 && !Double.isNaN(v), path, "must be > 0, was " + v);
    }

    void notBlank(String s, String path) {
        check(s != null && !s.isBlank(), path, "is required");
    }

    void throwIfAny() {
        if (!list.isEmpty()) throw new SpecException(list);
    }
}
