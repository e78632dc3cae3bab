package io.triage.learn;

import io.triage.spec.DriftSpec;

/**
 * The share of confident records sent to audit: the spec's base rate, boosted on every drift alarm (up to a
 * ceiling) and relaxing back toward the base with each label, by half every {@code relaxHalfLife} labels.
 */
final class AuditRate {
    private final double base;
    private final double relax;
    private final double boost;
    private final double max;
    private double rate;

    /** @param rate the current rate (the base for a new model; restored state may hold a boosted one) */
    AuditRate(double base, DriftSpec drift, double rate) {
        this.base = base;
        this.relax = Math.pow(0.5, 1.0 / drift.relaxHalfLife());
        this.boost = drift.auditBoost();
        this.max = drift.maxAuditRate();
        this.rate = rate;
    }

    double current() {
        return rate;
    }

    double base() {
        return base;
    }

    /** One label applied: a step back toward the base rate (which an upgrade may have changed). */
    void relax() {
        rate = base + (rate - base) * relax;
    }

    /** A drift alarm: more audits, to measure the changed stream sooner. */
    void boost() {
        rate = Math.min(max, Math.max(rate, rate * boost));
    }
}
