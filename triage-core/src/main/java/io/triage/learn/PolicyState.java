package io.triage.learn;

import io.triage.policy.guarantee.CertificateState;
import io.triage.policy.guarantee.ClassMixMonitor;

/**
 * Checkpointed state of a {@link ThresholdPolicy} without the frozen versions' weights (the Learner keeps
 * those apart, written only when they change). Fields a variant does not use are null or zero.
 *
 * @param variant           the policy variant's name
 * @param epochs            certificates opened so far
 * @param servingVersion    version of the serving frozen version (0: none)
 * @param challengerVersion version of the challenger (0: none)
 * @param serving           the serving version's certificate
 * @param challenger        the challenger's certificate
 * @param controller        controller offsets per scope
 * @param detector          error e-detectors' statistics
 * @param mix               class-mix monitor
 * @param challengerLabels  outcomes seen by the challenger
 * @param fixedThreshold    SGR: the threshold fixed after warm-up (NaN before)
 * @param warmup            SGR: per candidate, verified outcomes and errors during warm-up (2 × candidates)
 * @param inherited         per scope, the thresholds the serving version had certified as a challenger
 * @param calibration       the calibration e-detectors' statistics
 * @param failedChallengers challengers in a row that did not win (each gets twice the outcomes of the last)
 * @param servingSelected   on the challenger's outcomes, the weighted mass the serving version automated
 * @param challengeTotal    the weighted mass of the challenger's outcomes
 */
public record PolicyState(String variant, long epochs, long servingVersion, long challengerVersion,
                          CertificateState serving, CertificateState challenger, double[] controller, double[] detector,
                          ClassMixMonitor.MixState mix, long challengerLabels, double fixedThreshold, double[] warmup,
                          double[] inherited, double[] calibration, long failedChallengers,
                          double servingSelected, double challengeTotal) {}
