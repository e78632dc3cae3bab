package io.triage.drift;

/**
 * A sequential change detector over a stream of values in [0,1], typically the 0/1 error
 * indicators of a classifier. Implementations are single-threaded and not thread safe: in
 * Flink each key owns one instance, rebuilt from {@link #state()} on restore.
 */
public interface DriftDetector {

    /** Feeds one value; returns true when a change is detected at this value. */
    boolean update(double x);

    /** The test statistic compared to {@link #threshold()}, as of the last update. */
    double statistic();

    /** The alarm threshold for {@link #statistic()}. */
    double threshold();

    /** The detector kind, as in {@link DetectorSettings#kind()}. */
    String name();

    /** Values fed since construction or the last {@link #reset()} (alarms do not clear it). */
    long samples();

    /** Forgets everything, as if newly built with the same settings. */
    void reset();

    /** Its state, every field named; {@code DriftDetectors.restore(settings, state)} continues exactly. */
    DetectorSnapshot state();
}
