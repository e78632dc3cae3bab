package io.triage.policy.guarantee;

/**
 * Checkpointed {@link Certificate}: per stratum, scope (all classes, or one per predicted class) and candidate
 * the bettors' log wealth and whether rejected; per scope and candidate the inverse-probability-weighted
 * selected and wrong mass; flattened as stratum- and scope-major primitive arrays (no Kryo).
 */
public record CertificateState(long epoch, double p0, double level, double[] grid, int scopes, double cut,
                               double[] logWealth,
                               boolean[] rejected, double[] selected, double[] wrong, double[] total,
                               long outcomes, boolean belowCut, long openedAt) {}
