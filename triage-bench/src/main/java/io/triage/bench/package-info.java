/**
 * Learning benchmark (a command, not a test): replays streams through the job's own decoding, feature
 * extraction, routing ({@code Router.route}) and learning ({@code LearnerCore}) with a simulated oracle.
 *
 * <pre>
 * bin/bench LearningBenchmark --quick    # smoke: 2 seeds, 20k records
 * bin/bench LearningBenchmark            # all streams, 20 seeds
 * bin/bench LearningBenchmark --streams sea,prior-shift \
 *      --policies legacy,full --targets 0.9 --seeds 5 --modes guarantee                      # a slice
 * </pre>
 *
 * MOA side by side (GPL-3.0; only with {@code -Pmoa}, never in the default build or the job jar); run it
 * first, then LearningBenchmark merges {@code bench-results/moa.csv}:
 * <pre>
 * mvn -q -Pmoa -DskipTests -pl triage-bench-moa -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=runtime -Dmdep.outputFile=$PWD/moa-cp.txt
 * java -cp triage-bench-moa/target/classes:triage-bench/target/classes:$(cat moa-cp.txt) io.triage.bench.moa.MoaBenchmark --threads 1
 * </pre>
 */
package io.triage.bench;
