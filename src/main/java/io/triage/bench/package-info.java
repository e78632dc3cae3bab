/**
 * Learning benchmark (a command, not a test): replays streams through the job's own decoding, feature
 * extraction, routing ({@code Router.route}) and learning ({@code LearnerCore}) with a simulated oracle.
 *
 * <pre>
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime
 * java -Xmx3g -cp target/classes:$(cat cp.txt) io.triage.bench.LearningBenchmark --quick    # smoke: 2 seeds, 20k records
 * java -Xmx3g -cp target/classes:$(cat cp.txt) io.triage.bench.LearningBenchmark            # all streams, 20 seeds
 * java -Xmx3g -cp target/classes:$(cat cp.txt) io.triage.bench.LearningBenchmark --streams sea,prior-shift \
 *      --policies legacy,full --targets 0.9 --seeds 5 --modes guarantee                      # a slice
 * # or: mvn -q -o exec:java -Dexec.mainClass=io.triage.bench.LearningBenchmark -Dexec.args="--records 100000"
 * </pre>
 *
 * MOA side by side (GPL-3.0; only with {@code -Pmoa}, never in the default build or the job jar); run it
 * first, then LearningBenchmark merges {@code bench-results/moa.csv}:
 * <pre>
 * mvn -q -Pmoa compile dependency:build-classpath -Dmdep.outputFile=moa-cp.txt
 * java -cp target/classes:$(cat moa-cp.txt) io.triage.bench.moa.MoaBenchmark --threads 1
 * </pre>
 */
package io.triage.bench;
