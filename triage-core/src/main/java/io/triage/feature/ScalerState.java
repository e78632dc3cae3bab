package io.triage.feature;

/** Checkpointed state of an {@link OnlineScaler}: primitive arrays only (no Kryo). */
public record ScalerState(double[] mean, double[] m2, long[] count) {}
