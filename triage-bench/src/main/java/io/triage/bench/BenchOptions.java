package io.triage.bench;

import java.nio.file.Path;
import java.util.List;

/** Settings shared by every run of one benchmark invocation (filled by the command line). */
public final class BenchOptions {
    /** Records per stream (a limit for flights and digits, the length of the synthetic streams). */
    public long records = 100_000;
    /** Records per reporting window (MOA's per-window rows). */
    public int window = 10_000;
    /** Window sizes of the guarantee checks (per-window precision, hindsight oracle). */
    public List<Integer> windows = List.of(1000, 2000, 10_000);
    public long seed = 1;
    /** Share of oracle labels that are wrong (flipped to another class). */
    public double labelNoise = 0.0;
    /** Records that pass between a reviewer taking a label request and the answer being ready. */
    public int labelDelay = 0;
    /** Answers reach the learner after every {@code burstEvery}-th record (1: after each record). */
    public int burstEvery = 1;
    /** Requests reviewers answer per record on average (≤ 0: unlimited). */
    public double reviewCapacity = 0;
    /** Records a request may wait for a reviewer before it expires (≤ 0: never). */
    public int reviewDeadline = 0;
    /** null: the 200k sample bundled in the jar. */
    public Path flightsFile;
    /** The 3M-row first half of 2001 (stream flights-h1). */
    public Path flightsH1File = Path.of("../shared/datasets/flights-2001h1.csv.gz");
    /** Records of flights-h1 (≤ 0: the whole file). */
    public long flightsH1Records = 0;
    /** Null: the copy bundled in the jar. */
    public Path digitsFile;
    /** 0: as many shuffled passes as needed for {@link #records}. */
    public int digitsPasses = 0;

    /** The job's keys file: the replay draws audits with its audit key, as the job does (null: the public draw). */
    public Path keysFile;
    /** What guarantee mode's δ covers (null: the stream spec's, LIFETIME by default). */
    public io.triage.spec.RiskScope riskScope;

    ReviewQueue.Settings reviews() {
        return new ReviewQueue.Settings(labelDelay, burstEvery, reviewCapacity, reviewDeadline);
    }
}
