package io.triage.learn;

import io.triage.model.FrozenVersion;

import java.util.function.Supplier;

/**
 * What a {@link ThresholdPolicy} may ask of the learner at one step.
 *
 * @param version       the learning model's version (labels applied)
 * @param auditRate     the audit probability in force
 * @param minAuditRate  the lowest audit probability the policy ever uses (bounds inverse-probability weights)
 * @param latest        a frozen copy of the learning model now (O(model size): called only to freeze)
 * @param classes       classes the learning model knows
 * @param policyVersion the policy version in force (a certificate opened now admits records routed under the next)
 */
public record PolicyContext(long version, double auditRate, double minAuditRate, Supplier<FrozenVersion> latest,
                            int classes, long policyVersion) {}
