package io.triage.policy;


/** Checkpointed evidence histogram: per confidence bin, Σw, Σw·correct, Σw² (primitive arrays, no Kryo). */
public record EvidenceState(double[] weight, double[] correct, double[] weightSq) {}
