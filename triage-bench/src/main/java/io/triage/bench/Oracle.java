package io.triage.bench;

import io.triage.policy.AuditSampler;

import java.util.List;

/**
 * The simulated annotator: answers with the true class, except for a deterministic share {@code noise} of
 * records (by hash of the record id) where it names another class.
 */
final class Oracle {
    private final double noise;
    private final List<String> classes;

    Oracle(double noise, List<String> classes) {
        this.noise = noise;
        this.classes = classes;
    }

    String label(String model, String recordId, String truth) {
        if (noise <= 0 || classes.size() < 2 || AuditSampler.uniform("oracle-noise\u0000" + model, recordId) >= noise) {
            return truth;
        }
        int k = classes.indexOf(truth);
        int shift = 1 + (int) (AuditSampler.uniform("oracle-pick\u0000" + model, recordId) * (classes.size() - 1));
        return classes.get(Math.floorMod(k + shift, classes.size()));
    }
}
