package io.triage.bench;

import java.nio.file.Path;

/** Settings shared by every run of one benchmark invocation (filled by the command line). */
public final class BenchOptions {
    /** Records per stream (a limit for flights and digits, the length of the synthetic streams). */
    public long records = 100_000;
    /** Records per reporting window. */
    public int window = 10_000;
    public long seed = 1;
    /** Share of oracle labels that are wrong (flipped to another class). */
    public double labelNoise = 0.0;
    /** Records that pass between a label request and the label reaching the learner. */
    public int labelDelay = 0;
    /** null: the 200k sample bundled in the jar. */
    public Path flightsFile;
    /** Null: the copy bundled in the jar. */
    public Path digitsFile;
    /** 0: as many shuffled passes as needed for {@link #records}. */
    public int digitsPasses = 0;
}
